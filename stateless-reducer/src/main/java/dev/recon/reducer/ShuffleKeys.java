package dev.recon.reducer;

/**
 * The two shuffle keys of the reducer, as pure functions of a row.
 *
 * <ul>
 *   <li><b>Dedup</b>: events by {@code eventId} (so every copy of an id meets in one partition),
 *       sorted by (eventId, input object, line) so the copies of an id are adjacent and in a fixed
 *       order; other rows pass through, spread by input object.
 *   <li><b>Output</b>: events by {@code artifactId} (every line of a key in one part-file) sorted
 *       by (artifactId, eventTime, eventId) — the order lines keep in artifacts; external
 *       (statement) lines by eventId sorted by (eventTime, eventId), before the keyed events;
 *       quarantine records by input object sorted by (input object, line); statistics rows first.
 * </ul>
 */
public final class ShuffleKeys {
  private ShuffleKeys() {}

  public static SortKey dedupKey(ReducerRow r, int partitions) {
    if (r.kind() == ReducerRow.Kind.EVENT) {
      // Copies of one event (eventId within its artifact) sort together, in input order, then line.
      return new SortKey(
          Partitioning.partitionOf(r.eventId(), partitions),
          1,
          eventKey(r),
          r.inputIndex(),
          0,
          r.inputObject(),
          r.lineNumber());
    }
    return new SortKey(
        Partitioning.partitionOf(r.inputObject(), partitions),
        0,
        r.inputObject(),
        0,
        0,
        r.reason(),
        r.lineNumber());
  }

  /**
   * The identity copies are compared under: eventId, then artifactId. Ids have no control
   * characters, so a NUL separator keeps distinct pairs distinct.
   */
  static String eventKey(ReducerRow r) {
    return r.eventId() + '\u0000' + r.artifactId();
  }

  public static SortKey outputKey(ReducerRow r, int partitions) {
    int group = r.kind().ordinal();
    return switch (r.kind()) {
      case READ_STATS ->
          new SortKey(
              Partitioning.partitionOf(r.inputObject(), partitions),
              group,
              r.inputObject(),
              0,
              0,
              null,
              0);
      case DUPLICATES ->
          new SortKey(
              (int) Math.floorMod(r.lineNumber(), (long) partitions),
              group,
              null,
              0,
              0,
              null,
              r.lineNumber());
      case QUARANTINE ->
          new SortKey(
              Partitioning.partitionOf(r.inputObject(), partitions),
              group,
              r.inputObject(),
              r.lineNumber(),
              0,
              r.reason(),
              0);
      case EVENT ->
          r.external()
              // statement lines spread by eventId (most have no key), before the keyed events
              ? new SortKey(
                  Partitioning.partitionOf(r.eventId(), partitions),
                  group,
                  "",
                  r.eventSeconds(),
                  r.eventNanos(),
                  r.eventId(),
                  0)
              : new SortKey(
                  Partitioning.partitionOf(r.artifactId(), partitions),
                  group + 1,
                  r.artifactId(),
                  r.eventSeconds(),
                  r.eventNanos(),
                  r.eventId(),
                  0);
    };
  }
}
