package dev.recon.backlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * The backlog manager Lambda: decode ({@link BacklogRequests}), call the service ({@link
 * BacklogService}), encode ({@link BacklogJson}). One function serves S3 notifications, the
 * scheduled sweep and the Step Functions tasks; request and response shapes are in the README.
 *
 * <p>Failures are thrown, so Step Functions can match them by class name: {@code
 * dev.recon.backlog.BatchCanceledException} (terminal: the batch is not processed), {@code
 * …ManifestMismatchException}, {@code …IllegalBatchTransitionException}, {@code
 * …BatchNotFoundException}, {@code …BadRequestException} (bad input: do not retry), {@code
 * dev.recon.core.error.StoreUnavailableException} (retry with backoff) and {@code
 * dev.recon.core.error.LedgerConflictException} (retry).
 */
public final class BacklogHandler implements RequestStreamHandler {
  private final BacklogService service;
  private final String bucket;
  private final String prefix;

  /** Wires real clients once per container from the environment. */
  public BacklogHandler() {
    this(new AwsClientFactory(ReconSettings.fromEnvironment()));
  }

  private BacklogHandler(AwsClientFactory clients) {
    this(clients.batchLedger(), clients.objectStore(), Clock.systemUTC(), clients.settings().bucket(),
        clients.settings().prefix());
  }

  /** For tests and local mode: any ports. */
  BacklogHandler(BatchLedger ledger, ObjectStore store, Clock clock, String bucket, String prefix) {
    this.service = new BacklogService(ledger, store, clock);
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = prefix == null ? "" : prefix;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode root;
    try {
      root = BacklogJson.mapper().readTree(input);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("request is not JSON: " + e.getOriginalMessage());
    }
    BacklogRequest request = BacklogRequests.decode(root, bucket, prefix);
    Object result = service.handle(request);
    BacklogJson.mapper().writeValue(output, BacklogJson.encode(result));
  }
}
