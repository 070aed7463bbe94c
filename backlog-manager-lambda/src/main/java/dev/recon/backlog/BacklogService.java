package dev.recon.backlog;

import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The backlog manager's services behind one entry point: the handler decodes a request, calls
 * {@link #handle}, and encodes what comes back ({@link BacklogJson}). Pure logic over the {@link
 * BatchLedger} and {@link ObjectStore} ports.
 */
public final class BacklogService {
  private final InputRegistry registry;
  private final StatelessPlanner statelessPlanner;
  private final StatefulPlanner statefulPlanner;
  private final BatchLifecycle lifecycle;
  private final Completeness completeness;
  private final LedgerRepair repair;
  private final StageLocks stageLocks;

  private final java.time.Duration allowedLateness;
  private final dev.recon.core.config.TenantConfigs configs;

  public BacklogService(BatchLedger ledger, ObjectStore store, Clock clock) {
    this(ledger, store, clock, dev.recon.core.watermark.Watermarks.ALLOWED_LATENESS_DEFAULT);
  }

  /** {@code allowedLateness}: the watermark lateness when a completeness request names none. */
  public BacklogService(
      BatchLedger ledger, ObjectStore store, Clock clock, java.time.Duration allowedLateness) {
    this(
        ledger,
        store,
        clock,
        allowedLateness,
        new dev.recon.core.cost.CostModel(dev.recon.core.cost.PriceTable.BUNDLED));
  }

  /** {@code costs}: prices the batches that finish (the price table of the settings). */
  public BacklogService(
      BatchLedger ledger,
      ObjectStore store,
      Clock clock,
      java.time.Duration allowedLateness,
      dev.recon.core.cost.CostModel costs) {
    this.allowedLateness =
        dev.recon.core.watermark.Watermarks.requireAllowedLateness(allowedLateness);
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    this.configs = new dev.recon.core.config.TenantConfigs(ledger, clock);
    this.repair = new LedgerRepair(ledger, clock, LedgerRepair.PLANNING_TIMEOUT_DEFAULT);
    this.registry = new InputRegistry(ledger, store, clock, EventEstimate.DEFAULT);
    this.statelessPlanner = new StatelessPlanner(ledger, clock, repair);
    this.statefulPlanner = new StatefulPlanner(ledger, clock);
    this.lifecycle = new BatchLifecycle(ledger, store, clock, costs);
    this.completeness = new Completeness(ledger);
    this.stageLocks = new StageLocks(ledger, clock, statefulPlanner, StageLocks.LEASE_DEFAULT);
  }

  public InputRegistry registry() {
    return registry;
  }

  public StatelessPlanner statelessPlanner() {
    return statelessPlanner;
  }

  public StatefulPlanner statefulPlanner() {
    return statefulPlanner;
  }

  public BatchLifecycle lifecycle() {
    return lifecycle;
  }

  public Completeness completeness() {
    return completeness;
  }

  public LedgerRepair repair() {
    return repair;
  }

  public StageLocks stageLocks() {
    return stageLocks;
  }

  /**
   * Answers one request with a result object: {@link InputRegistry.Registration}, {@link
   * StatelessPlanner.Plan}, {@link StatefulPlanner.Plan}, {@link LedgerRecord}, {@link
   * Completeness.Report}, {@link Completeness.ThroughReport} or {@link LedgerRepair.Report}.
   */
  public Object handle(BacklogRequest request) {
    if (request instanceof BacklogRequest.Register r) {
      InputRegistry.Registration done = registry.register(r.keys());
      if (r.ignored().isEmpty()) {
        return done;
      }
      List<InputRegistry.Rejected> rejected = new ArrayList<>(r.ignored());
      rejected.addAll(done.rejected());
      return new InputRegistry.Registration(done.registered(), done.alreadyRegistered(), rejected);
    }
    if (request instanceof BacklogRequest.Sweep) {
      return registry.sweep();
    }
    if (request instanceof BacklogRequest.Repair) {
      return repair.run();
    }
    if (request instanceof BacklogRequest.PlanStateless p) {
      return statelessPlanner.plan(p::limitsFor);
    }
    if (request instanceof BacklogRequest.PlanStateful p) {
      return statefulPlanner.plan(p.limits());
    }
    if (request instanceof BacklogRequest.Start s) {
      return lifecycle.start(s.kind(), s.batch());
    }
    if (request instanceof BacklogRequest.Complete c) {
      LedgerRecord done = lifecycle.complete(c.kind(), c.batch(), c.counts());
      if (c.kind() == dev.recon.core.model.BatchKind.STATEFUL) {
        stageLocks.afterOutcome(c.batch(), null, null, null);
        done = lifecycle.get(c.kind(), c.batch());
      }
      return done;
    }
    if (request instanceof BacklogRequest.Fail f) {
      LedgerRecord failed = lifecycle.fail(f.kind(), f.batch(), f.error());
      if (f.kind() == dev.recon.core.model.BatchKind.STATEFUL
          && failed.status() == dev.recon.core.model.BatchStatus.FAILURE) {
        stageLocks.afterOutcome(
            f.batch(), f.owner(), f.stage(), dev.recon.core.model.BatchStatus.FAILURE);
        failed = lifecycle.get(f.kind(), f.batch());
      }
      return failed;
    }
    if (request instanceof BacklogRequest.AcquireBatch a) {
      return stageLocks.acquireBatch(a.owner(), a.retryFailed(), a.limits());
    }
    if (request instanceof BacklogRequest.AcquireStage a) {
      return stageLocks.acquireStage(a.stage(), a.batch(), a.owner());
    }
    if (request instanceof BacklogRequest.ReleaseStage r) {
      return stageLocks.releaseStage(r.stage(), r.batch(), r.owner(), r.status());
    }
    if (request instanceof BacklogRequest.ReleaseBatch r) {
      return stageLocks.releaseBatch(r.batch(), r.owner());
    }
    if (request instanceof BacklogRequest.Cancel c) {
      return lifecycle.cancel(c.kind(), c.batch(), c.reason());
    }
    if (request instanceof BacklogRequest.Get g) {
      return lifecycle.get(g.kind(), g.id());
    }
    if (request instanceof BacklogRequest.CheckCompleteness c) {
      return completeness.check(c.from(), c.to());
    }
    if (request instanceof BacklogRequest.CheckThrough c) {
      return completeness.through(
          c.through(),
          c.allowedLateness() != null
              ? c.allowedLateness()
              : java.util.Objects.requireNonNullElse(
                  configs.current().config().allowedLateness(), allowedLateness),
          c.source());
    }
    throw new BadRequestException("unhandled request " + request);
  }
}
