package dev.recon.core.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One source's event-time progress: the highest accepted event time over the batches seen, and the
 * watermark {@code maxEventTime − allowedLateness}: the time before which no more events of this
 * source are expected.
 */
public record SourceWatermark(
    String source, Instant maxEventTime, Duration allowedLateness, long events, int batches) {
  public SourceWatermark {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(maxEventTime, "maxEventTime");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
  }

  public Instant watermark() {
    return maxEventTime.minus(allowedLateness);
  }

  /** True when the watermark has reached {@code t}: events of this source before t are all in. */
  public boolean covers(Instant t) {
    return !watermark().isBefore(t);
  }
}
