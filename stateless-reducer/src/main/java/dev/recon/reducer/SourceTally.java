package dev.recon.reducer;

import dev.recon.core.watermark.SourceStats;
import java.io.Serializable;
import java.time.Instant;

/**
 * One partition's count and latest event time of one source. A plain class (not the core record)
 * because it travels back from executors inside {@link PartResult} through Kryo.
 */
public final class SourceTally implements Serializable {
  private static final long serialVersionUID = 1L;

  public long events;
  public long maxSeconds;
  public int maxNanos;

  /** For Kryo. */
  public SourceTally() {}

  void add(Instant eventTime) {
    if (events == 0
        || eventTime.getEpochSecond() > maxSeconds
        || (eventTime.getEpochSecond() == maxSeconds && eventTime.getNano() > maxNanos)) {
      maxSeconds = eventTime.getEpochSecond();
      maxNanos = eventTime.getNano();
    }
    events++;
  }

  SourceStats toStats() {
    return new SourceStats(Instant.ofEpochSecond(maxSeconds, maxNanos), events);
  }
}
