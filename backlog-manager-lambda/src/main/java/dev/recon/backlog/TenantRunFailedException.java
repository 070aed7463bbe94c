package dev.recon.backlog;

/**
 * One or more tenants' runs failed in a cycle in which every other tenant had its turn: the cycle's
 * execution fails with this, after the fact, so its history and the failed-executions alarm show
 * which tenants stopped and why. Each failed tenant's batch is FAILURE in the ledger and holds only
 * that tenant's later batches.
 */
public final class TenantRunFailedException extends RuntimeException {
  public TenantRunFailedException(String message) {
    super(message);
  }
}
