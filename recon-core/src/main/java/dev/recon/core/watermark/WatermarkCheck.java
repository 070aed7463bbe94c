package dev.recon.core.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether event time {@code through} is covered by the watermarks: of every known source, or of the
 * one source asked about ({@code source} not null). {@code sources} are those checked (the named
 * one only when it is known); {@code unknownSource} is true when the named source was never seen.
 * No known source covers nothing.
 */
public record WatermarkCheck(
    Instant through,
    Duration allowedLateness,
    String source,
    boolean covered,
    boolean unknownSource,
    List<SourceWatermark> sources) {
  public WatermarkCheck {
    Objects.requireNonNull(through, "through");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    sources = List.copyOf(sources);
  }
}
