package dev.recon.cli.serve;

import dev.recon.core.metrics.Backlog;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/** Stage metrics and the backlog as one line of text each, for {@code recon status}. */
public final class MetricsText {
  private MetricsText() {}

  public static String stage(StageMetrics m) {
    StringJoiner reasons = new StringJoiner(", ", " (", ")");
    reasons.setEmptyValue("");
    m.quarantined().forEach((reason, n) -> reasons.add(reason + " " + n));
    OptionalDouble hit = m.cacheHitRatio();
    return String.format(
        Locale.ROOT,
        "%-8s in %d out %d quarantined %d%s  %s  S3 GET %d PUT %d (%s read, %s written)"
            + "  DynamoDB reads %d writes %d  cache hit %s",
        m.stage(),
        m.eventsIn(),
        m.eventsOut(),
        m.quarantinedTotal(),
        reasons,
        StatusPage.duration(Duration.ofMillis(m.durationMs())),
        m.io().get(IoMetric.S3_GET_REQUESTS),
        m.io().get(IoMetric.S3_PUT_REQUESTS),
        StatusPage.bytes(m.io().get(IoMetric.S3_BYTES_READ)),
        StatusPage.bytes(m.io().get(IoMetric.S3_BYTES_WRITTEN)),
        m.io().get(IoMetric.DYNAMODB_READS),
        m.io().get(IoMetric.DYNAMODB_WRITES),
        hit.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * hit.getAsDouble()) : "-");
  }

  public static String backlog(Backlog b) {
    return "backlog: "
        + b.inputs()
        + " inputs ("
        + StatusPage.bytes(b.bytes())
        + ") not yet reflected, oldest waiting "
        + StatusPage.duration(b.age());
  }
}
