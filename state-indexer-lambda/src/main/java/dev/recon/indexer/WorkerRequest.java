package dev.recon.indexer;

import java.util.List;

/**
 * Input of the worker handler, sent by the coordinator.
 *
 * <pre>
 * {"batch":7,"worker":3,"attempt":1,
 *  "partFiles":["state/0000000007/part-00015.jsonl","state/0000000007/part-00016.jsonl"]}
 * </pre>
 */
public record WorkerRequest(
    long batch, int worker, int attempt, List<String> partFiles, String tenant) {
  public WorkerRequest {
    if (batch < 1 || worker < 0 || attempt < 1 || partFiles == null) {
      throw new IllegalArgumentException(
          "bad worker request: batch " + batch + " worker " + worker + " attempt " + attempt);
    }
    partFiles = List.copyOf(partFiles);
    if (tenant != null) {
      dev.recon.core.tenant.TenantId.of(tenant);
    }
  }

  /** A request of the default tenant. */
  public WorkerRequest(long batch, int worker, int attempt, List<String> partFiles) {
    this(batch, worker, attempt, partFiles, null);
  }

  /** The tenant whose batch this is ({@code default} when the request names none). */
  public dev.recon.core.tenant.TenantId tenantId() {
    return tenant == null
        ? dev.recon.core.tenant.TenantId.DEFAULT
        : dev.recon.core.tenant.TenantId.of(tenant);
  }
}
