package dev.recon.backlog;

/**
 * Estimates how many events an input object holds from its stored size, before anyone reads it, so
 * a plan can be bounded by events. Only an estimate: the reducer counts the truth.
 *
 * @param bytesPerEvent average size of one JSON line ({@link #BYTES_PER_EVENT_DEFAULT})
 * @param gzipExpansion how much a {@code .gz} input expands ({@link #GZIP_EXPANSION_DEFAULT})
 */
public record EventEstimate(int bytesPerEvent, int gzipExpansion) {
  public static final int BYTES_PER_EVENT_DEFAULT = 250;
  public static final int GZIP_EXPANSION_DEFAULT = 8;
  public static final EventEstimate DEFAULT =
      new EventEstimate(BYTES_PER_EVENT_DEFAULT, GZIP_EXPANSION_DEFAULT);

  public EventEstimate {
    if (bytesPerEvent < 1 || gzipExpansion < 1) {
      throw new IllegalArgumentException("bytesPerEvent and gzipExpansion must be >= 1");
    }
  }

  public long events(String key, long storedBytes) {
    long expanded = key.endsWith(".gz") ? storedBytes * gzipExpansion : storedBytes;
    return (expanded + bytesPerEvent - 1) / bytesPerEvent;
  }
}
