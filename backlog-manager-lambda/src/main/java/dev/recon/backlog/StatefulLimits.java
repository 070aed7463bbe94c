package dev.recon.backlog;

/**
 * Bounds of one stateful batch: it applies one or more consecutive successful stateless batches,
 * more when the stateful side has fallen behind, up to these bounds (the first is always taken).
 *
 * @param maxStatelessBatches most stateless batches per stateful batch
 * @param maxEvents most accepted events (sum of the stateless batches' {@code accepted})
 */
public record StatefulLimits(int maxStatelessBatches, long maxEvents) {
  public static final int MAX_STATELESS_BATCHES_DEFAULT = 8;
  public static final long MAX_EVENTS_DEFAULT = 50_000_000L;
  public static final StatefulLimits DEFAULTS =
      new StatefulLimits(MAX_STATELESS_BATCHES_DEFAULT, MAX_EVENTS_DEFAULT);

  public StatefulLimits {
    if (maxStatelessBatches < 1 || maxEvents < 1) {
      throw new IllegalArgumentException("stateful limits must be >= 1");
    }
  }
}
