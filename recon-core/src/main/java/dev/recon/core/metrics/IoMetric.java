package dev.recon.core.metrics;

/**
 * What the counting decorators count, each with the name it has in the ledger and in {@code recon
 * status --json} ({@link #key()}, camelCase) and in CloudWatch ({@link #metricName()}) and its EMF
 * unit.
 *
 * <p>S3 counts are API requests as S3 bills them: a multipart upload is its part uploads plus the
 * create and complete calls. DynamoDB counts are items read or written (what on-demand capacity is
 * billed on), not round trips: a BatchGetItem of 100 keys is 100 reads. Cache counts are lookups
 * that found a copy of the expected version (hit) or not (miss), and artifacts written.
 */
public enum IoMetric {
  S3_GET_REQUESTS("s3GetRequests", "S3GetRequests", Emf.COUNT),
  S3_PUT_REQUESTS("s3PutRequests", "S3PutRequests", Emf.COUNT),
  S3_LIST_REQUESTS("s3ListRequests", "S3ListRequests", Emf.COUNT),
  S3_HEAD_REQUESTS("s3HeadRequests", "S3HeadRequests", Emf.COUNT),
  S3_DELETE_REQUESTS("s3DeleteRequests", "S3DeleteRequests", Emf.COUNT),
  S3_BYTES_READ("s3BytesRead", "S3BytesRead", Emf.BYTES),
  S3_BYTES_WRITTEN("s3BytesWritten", "S3BytesWritten", Emf.BYTES),
  DYNAMODB_READS("dynamoDbReads", "DynamoDbReads", Emf.COUNT),
  DYNAMODB_WRITES("dynamoDbWrites", "DynamoDbWrites", Emf.COUNT),
  CACHE_HITS("cacheHits", "CacheHits", Emf.COUNT),
  CACHE_MISSES("cacheMisses", "CacheMisses", Emf.COUNT),
  CACHE_WRITES("cacheWrites", "CacheWrites", Emf.COUNT);

  private final String key;
  private final String metricName;
  private final String unit;

  IoMetric(String key, String metricName, String unit) {
    this.key = key;
    this.metricName = metricName;
    this.unit = unit;
  }

  public String key() {
    return key;
  }

  public String metricName() {
    return metricName;
  }

  public String unit() {
    return unit;
  }
}
