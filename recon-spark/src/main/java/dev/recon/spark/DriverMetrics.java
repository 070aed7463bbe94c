package dev.recon.spark;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.metrics.MetricsSink;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.metrics.StageMetricsLedger;
import dev.recon.core.model.BatchKind;
import dev.recon.core.port.BatchLedger;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Spark driver does with its stage's metrics once the batch is committed: record them on the
 * batch's ledger record (what {@code recon status} and the status page show) and send the EMF lines
 * to the metrics sink (CloudWatch on AWS). Neither may fail a committed batch: a failure is logged
 * and the job ends as it would have.
 */
public final class DriverMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(DriverMetrics.class);

  private DriverMetrics() {}

  public static void report(
      ReconSettings settings, BatchLedger ledger, BatchKind kind, StageMetrics metrics) {
    MetricsSink sink = CloudWatchLogsMetricsSink.forDriver(settings, metrics.stage());
    try {
      report(
          ledger,
          kind,
          metrics,
          sink,
          settings.environment(),
          settings.tenant().value(),
          Instant.now());
    } finally {
      if (sink instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing the metrics sink failed", e);
        }
      }
    }
  }

  static void report(
      BatchLedger ledger,
      BatchKind kind,
      StageMetrics metrics,
      MetricsSink sink,
      String environment,
      Instant now) {
    report(ledger, kind, metrics, sink, environment, "default", now);
  }

  static void report(
      BatchLedger ledger,
      BatchKind kind,
      StageMetrics metrics,
      MetricsSink sink,
      String environment,
      String tenant,
      Instant now) {
    try {
      StageMetricsLedger.record(ledger, kind, metrics);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record {} metrics of batch {} in the ledger: {}",
          metrics.stage(),
          metrics.batch(),
          e.toString());
    }
    try {
      sink.emit(metrics.toEmf(environment, tenant, now));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not emit {} metrics of batch {}: {}",
          metrics.stage(),
          metrics.batch(),
          e.toString());
    }
    LOG.info("{} metrics of batch {}: {}", metrics.stage(), metrics.batch(), metrics);
  }
}
