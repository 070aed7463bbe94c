package dev.recon.core.model;

/** Ledger statuses (DESIGN §5). */
public enum BatchStatus {
  INITIATED,
  EXECUTING,
  SUCCESS,
  FAILURE,
  CANCELED;

  public boolean terminal() {
    return this == SUCCESS || this == FAILURE || this == CANCELED;
  }
}
