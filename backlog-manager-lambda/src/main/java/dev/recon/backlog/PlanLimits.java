package dev.recon.backlog;

/**
 * Bounds of one stateless run. A plan takes pending inputs oldest first while all three bounds
 * hold, so a small backlog is taken whole and a large one in runs as big as the bounds allow ("more
 * when the backlog grows"). The oldest input is always taken, even alone over a bound, so an
 * oversized input can never block the queue.
 *
 * @param maxObjects most input objects per run
 * @param maxBytes most stored bytes per run
 * @param maxEvents most estimated events per run ({@link EventEstimate})
 */
public record PlanLimits(int maxObjects, long maxBytes, long maxEvents) {
  public static final int MAX_OBJECTS_DEFAULT = 500;
  public static final long MAX_BYTES_DEFAULT = 8L * 1024 * 1024 * 1024;
  public static final long MAX_EVENTS_DEFAULT = 50_000_000L;
  public static final PlanLimits DEFAULTS =
      new PlanLimits(MAX_OBJECTS_DEFAULT, MAX_BYTES_DEFAULT, MAX_EVENTS_DEFAULT);

  public PlanLimits {
    if (maxObjects < 1 || maxBytes < 1 || maxEvents < 1) {
      throw new IllegalArgumentException(
          "plan limits must be >= 1: " + maxObjects + ", " + maxBytes + ", " + maxEvents);
    }
  }

  /** Whether one more input of this size still fits a run that already holds {@code objects}. */
  public boolean admits(int objects, long bytes, long events, long nextBytes, long nextEvents) {
    if (objects == 0) {
      return true;
    }
    return objects + 1 <= maxObjects
        && bytes + nextBytes <= maxBytes
        && events + nextEvents <= maxEvents;
  }
}
