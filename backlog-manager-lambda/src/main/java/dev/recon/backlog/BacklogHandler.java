package dev.recon.backlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostModel;
import dev.recon.core.cost.PriceTable;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
  /** The shared (unscoped) ledger and store; each tenant's service runs on its scoped views. */
  private final BatchLedger sharedLedger;

  private final ObjectStore sharedStore;
  private final java.util.function.Function<TenantId, BacklogService> newService;
  private final Map<TenantId, BacklogService> services = new ConcurrentHashMap<>();
  private final String bucket;
  private final String prefix;
  private final String environment;
  private final Clock clock;
  private final java.util.function.Consumer<String> log;

  /** Wires real clients once per container from the environment. */
  public BacklogHandler() {
    this(new AwsClientFactory(ReconSettings.fromEnvironment()));
  }

  private BacklogHandler(AwsClientFactory clients) {
    this(clients, Clock.systemUTC(), System.out::println);
  }

  /**
   * Local mode (the in-process state-machine runner): the same handler over the given clients;
   * metric lines go to {@code log} instead of standard output.
   */
  public BacklogHandler(
      AwsClientFactory clients, Clock clock, java.util.function.Consumer<String> log) {
    this(
        clients.sharedBatchLedger(),
        clients.sharedObjectStore(),
        clock,
        clients.settings().allowedLateness(),
        new CostModel(PriceTable.load(clients.settings().priceTable())),
        clients.settings().bucket(),
        clients.settings().prefix(),
        clients.settings().environment(),
        log);
  }

  /**
   * For tests and local mode: any ports (shared by every tenant); metrics lines go to {@code log}.
   */
  BacklogHandler(
      BatchLedger ledger,
      ObjectStore store,
      Clock clock,
      String bucket,
      String prefix,
      String environment,
      java.util.function.Consumer<String> log) {
    this(
        ledger,
        store,
        clock,
        dev.recon.core.watermark.Watermarks.ALLOWED_LATENESS_DEFAULT,
        new CostModel(PriceTable.BUNDLED),
        bucket,
        prefix,
        environment,
        log);
  }

  private BacklogHandler(
      BatchLedger sharedLedger,
      ObjectStore sharedStore,
      Clock clock,
      java.time.Duration allowedLateness,
      CostModel costs,
      String bucket,
      String prefix,
      String environment,
      java.util.function.Consumer<String> log) {
    this.sharedLedger = Objects.requireNonNull(sharedLedger, "ledger");
    this.sharedStore = Objects.requireNonNull(sharedStore, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.newService =
        t ->
            new BacklogService(
                Tenants.scope(sharedLedger, t),
                Tenants.scope(sharedStore, t),
                clock,
                allowedLateness,
                costs);
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = prefix == null ? "" : prefix;
    this.environment = Objects.requireNonNull(environment, "environment");
    this.log = Objects.requireNonNull(log, "log");
  }

  BacklogHandler(BatchLedger ledger, ObjectStore store, Clock clock, String bucket, String prefix) {
    this(ledger, store, clock, bucket, prefix, "local", line -> {});
  }

  /** The service of one tenant, over that tenant's views of the shared ports. */
  BacklogService service(TenantId tenant) {
    return services.computeIfAbsent(tenant, newService);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode root;
    try {
      root = BacklogJson.mapper().readTree(input);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("request is not JSON: " + e.getOriginalMessage());
    }
    String action = root == null ? "" : root.path("action").asText("");
    if ("tenants".equals(action)) {
      BacklogJson.mapper().writeValue(output, TenantCycle.tenants(root, sharedLedger));
      return;
    }
    if ("cycleOutcome".equals(action)) {
      BacklogJson.mapper().writeValue(output, TenantCycle.outcome(root));
      return;
    }
    BacklogRequest request = BacklogRequests.decode(root, bucket, prefix);
    java.time.Instant called = clock.instant();
    Optional<TenantId> named = TenantCycle.tenantOf(root);
    Object result;
    TenantId tenant = named.orElse(TenantId.DEFAULT);
    if (request instanceof BacklogRequest.Register r) {
      result = TenantCycle.register(r, this::service);
    } else if (request instanceof BacklogRequest.Sweep && named.isEmpty()) {
      result = TenantCycle.sweepAll(Tenants.withInput(sharedStore), this::service);
    } else {
      result = service(tenant).handle(request);
    }
    if ((request instanceof BacklogRequest.Complete || request instanceof BacklogRequest.Fail)
        && result instanceof LedgerRecord finished) {
      publishCost(tenant, finished, called);
    }
    if (request instanceof BacklogRequest.Sweep
        || request instanceof BacklogRequest.PlanStateless
        || request instanceof BacklogRequest.PlanStateful
        || request instanceof BacklogRequest.AcquireBatch) {
      publishBacklogAge(tenant);
    }
    BacklogJson.mapper().writeValue(output, BacklogJson.encode(result));
  }

  /**
   * The batch's {@code CostUsd} EMF line (dimensions Environment, Tenant), once: only when this
   * call finished it (a retried call on a batch finished before changes nothing and emits nothing,
   * so CloudWatch sums count each batch once).
   */
  private void publishCost(TenantId tenant, LedgerRecord batch, java.time.Instant called) {
    try {
      if ((batch.status() == BatchStatus.SUCCESS || batch.status() == BatchStatus.FAILURE)
          && !batch.updatedAt().isBefore(called)) {
        BatchCost.fromLedger(batch)
            .ifPresent(
                c -> log.accept(c.toEmf(environment, tenant.value(), batch, clock.instant())));
      }
    } catch (RuntimeException e) {
      log.accept("could not emit " + BatchCost.METRIC + " of batch " + batch.id() + ": " + e);
    }
  }

  /**
   * A metric is never worth failing the call for: a failure to compute it is logged and skipped.
   */
  private void publishBacklogAge(TenantId tenant) {
    try {
      java.time.Instant now = clock.instant();
      log.accept(
          BacklogMetrics.backlog(
              environment, tenant.value(), service(tenant).completeness().backlog(now), now));
    } catch (RuntimeException e) {
      log.accept("could not compute " + BacklogMetrics.BACKLOG_AGE + ": " + e);
    }
  }
}
