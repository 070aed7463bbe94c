package dev.recon.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fails request attempts to one endpoint with the errors the service itself returns — DynamoDB
 * throttling, S3 5xx, a dropped connection — inside the SDK's request pipeline, so the real retry
 * strategy of the clients {@code AwsClientFactory} builds, and {@code RetryingObjectStore} above
 * them, handle each one exactly as they would the real thing.
 *
 * <p>Registered for every SDK client of the test JVM through the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources), so
 * it reaches the clients the Spark jobs build on their executors too, which no constructor argument
 * could. Inert until {@link #arm armed}; armed, it touches only requests to the one endpoint named
 * (the faulty stack's), never the reference stack's.
 */
public final class AwsFaultInterceptor implements ExecutionInterceptor {
  /** One injected error; each fails one request attempt. */
  enum Fault {
    /** DynamoDB's 400 ProvisionedThroughputExceededException, before the request is applied. */
    DDB_PROVISIONED_THROUGHPUT_EXCEEDED,
    /**
     * DynamoDB's 400 ThrottlingException (control-plane / on-demand throttling), before the request
     * is applied.
     */
    DDB_THROTTLING,
    /** S3's 503 SlowDown, before the request is applied. */
    S3_SLOW_DOWN,
    /** S3's 500 InternalError, before the request is applied. */
    S3_INTERNAL_ERROR,
    /**
     * The next PutObject is applied, then answered with S3's 500 InternalError (outcome unknown).
     */
    S3_INTERNAL_ERROR_AFTER_PUT,
    /**
     * The connection dropped ("Unexpected end of file from server"), surfacing as the {@link
     * UncheckedIOException} that escapes the SDK's retries (aws/aws-sdk-java-v2#7347) and that
     * {@code RetryingObjectStore} retries.
     */
    CONNECTION_DROPPED
  }

  /**
   * What is armed: the endpoint, the errors in order, and how many matching attempts pass before
   * each.
   */
  private static final class Burst {
    final String host;
    final int port;
    final int stride;
    final List<Fault> faults;
    int untilNext;
    int next;

    /** "fault operation" (e.g. "S3_SLOW_DOWN GetObject") to count. */
    final Map<String, Integer> injected = new TreeMap<>();

    Burst(URI endpoint, int skip, int stride, List<Fault> faults) {
      this.host = endpoint.getHost();
      this.port = endpoint.getPort();
      this.untilNext = skip;
      this.stride = stride;
      this.faults = List.copyOf(faults);
    }

    synchronized Fault take(String requestHost, int requestPort, String operation) {
      if (port != requestPort || !host.equals(requestHost) || next >= faults.size()) {
        return null;
      }
      if (untilNext > 0) {
        untilNext--;
        return null;
      }
      Fault f = faults.get(next);
      if (f == Fault.S3_INTERNAL_ERROR_AFTER_PUT && !"PutObject".equals(operation)) {
        return null; // waits for the next PutObject
      }
      next++;
      untilNext = stride - 1;
      injected.merge(f + " " + operation, 1, Integer::sum);
      return f;
    }
  }

  private static final AtomicReference<Burst> ARMED = new AtomicReference<>();
  private static final ExecutionAttribute<Boolean> FAIL_AFTER_TRANSMISSION =
      new ExecutionAttribute<>("recon.test.failAfterTransmission");

  /**
   * Arms a burst: of the request attempts to {@code endpoint} (one service of one stack: the
   * embedded servers each have their own port), the first {@code skip} pass, then every {@code
   * stride}-th fails with the next of {@code faults} until they are used up. A stride above one
   * spreads the errors over different calls (a failed call's retry is usually the next attempt).
   */
  static void arm(String endpoint, int skip, int stride, List<Fault> faults) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride < 1");
    }
    ARMED.set(
        new Burst(URI.create(Objects.requireNonNull(endpoint, "endpoint")), skip, stride, faults));
  }

  /**
   * Disarms; returns how many errors were injected, by fault and operation ("S3_SLOW_DOWN
   * GetObject").
   */
  static Map<String, Integer> disarm() {
    Burst b = ARMED.getAndSet(null);
    if (b == null) {
      return Map.of();
    }
    synchronized (b) {
      return Map.copyOf(b.injected);
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Burst b = ARMED.get();
    if (b == null) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Fault f = b.take(context.httpRequest().host(), context.httpRequest().port(), operation);
    if (f == null) {
      return;
    }
    switch (f) {
      case DDB_PROVISIONED_THROUGHPUT_EXCEEDED ->
          throw ProvisionedThroughputExceededException.builder()
              .message(
                  "The level of configured provisioned throughput for the table was exceeded (injected)")
              .statusCode(400)
              .awsErrorDetails(details("ProvisionedThroughputExceededException", 400, "DynamoDb"))
              .build();
      case DDB_THROTTLING ->
          throw DynamoDbException.builder()
              .message("Rate of requests exceeds the allowed throughput (injected)")
              .statusCode(400)
              .awsErrorDetails(details("ThrottlingException", 400, "DynamoDb"))
              .build();
      case S3_SLOW_DOWN ->
          throw s3Error(503, "SlowDown", "Please reduce your request rate (injected)");
      case S3_INTERNAL_ERROR ->
          throw s3Error(500, "InternalError", "We encountered an internal error (injected)");
      case S3_INTERNAL_ERROR_AFTER_PUT -> {
        if ("PutObject".equals(operation)) {
          attributes.putAttribute(FAIL_AFTER_TRANSMISSION, Boolean.TRUE);
        } else {
          throw s3Error(500, "InternalError", "We encountered an internal error (injected)");
        }
      }
      case CONNECTION_DROPPED ->
          throw new UncheckedIOException(
              new IOException("Unexpected end of file from server (injected, " + operation + ")"));
      default -> throw new IllegalStateException("unknown fault " + f);
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (!Boolean.TRUE.equals(attributes.getAttribute(FAIL_AFTER_TRANSMISSION))) {
      return;
    }
    attributes.putAttribute(FAIL_AFTER_TRANSMISSION, Boolean.FALSE);
    // The object is written; the answer is lost. Release the connection, then fail the attempt.
    context.responseBody().ifPresent(AwsFaultInterceptor::closeQuietly);
    throw s3Error(
        500, "InternalError", "We encountered an internal error after the write (injected)");
  }

  private static AwsServiceException s3Error(int status, String code, String message) {
    return S3Exception.builder()
        .message(message)
        .statusCode(status)
        .awsErrorDetails(details(code, status, "S3"))
        .build();
  }

  private static AwsErrorDetails details(String code, int status, String service) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(code + " (injected)")
        .serviceName(service)
        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
        .build();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the attempt fails anyway
    }
  }
}
