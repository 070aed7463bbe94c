package dev.recon.indexer;

/**
 * Input of the coordinator handler. Only {@code batch} is required.
 *
 * <pre>
 * {"batch":7,"workerFunction":"arn:aws:lambda:…:function:recon-prod-index-worker",
 *  "partFilesPerWorker":5,"maxAttempts":3,"workerTimeoutSeconds":960,"force":false}
 * </pre>
 *
 * @param workerFunction name or ARN of the worker function (AWS only; ignored in-process)
 * @param partFilesPerWorker part-files per worker (default 5: 100 part-files, 20 workers)
 * @param maxAttempts invocations per worker before the batch fails (default 3)
 * @param workerTimeoutSeconds an attempt not finished this long after it was invoked or started is
 *     presumed lost and re-invoked (default: the 15-minute Lambda limit plus a minute)
 * @param force re-index an already indexed batch (for example after a cache flush)
 * @param tenant the tenant whose batch it is (DESIGN §10; default {@code default})
 */
public record CoordinatorRequest(
    long batch,
    String workerFunction,
    Integer partFilesPerWorker,
    Integer maxAttempts,
    Long workerTimeoutSeconds,
    Boolean force,
    String tenant) {

  public CoordinatorRequest {
    if (batch < 1) {
      throw new IllegalArgumentException(
          "batch must be >= 1 (is it missing from the input?): " + batch);
    }
  }

  public CoordinatorRequest(
      long batch,
      String workerFunction,
      Integer partFilesPerWorker,
      Integer maxAttempts,
      Long workerTimeoutSeconds,
      Boolean force) {
    this(batch, workerFunction, partFilesPerWorker, maxAttempts, workerTimeoutSeconds, force, null);
  }

  public static CoordinatorRequest of(long batch) {
    return new CoordinatorRequest(batch, null, null, null, null, null);
  }

  /** The tenant whose batch this is ({@code default} when the request names none). */
  public dev.recon.core.tenant.TenantId tenantId() {
    return tenant == null
        ? dev.recon.core.tenant.TenantId.DEFAULT
        : dev.recon.core.tenant.TenantId.of(tenant);
  }

  public boolean forced() {
    return Boolean.TRUE.equals(force);
  }
}
