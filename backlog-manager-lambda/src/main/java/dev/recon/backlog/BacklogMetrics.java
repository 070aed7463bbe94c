package dev.recon.backlog;

import dev.recon.core.metrics.Backlog;
import dev.recon.core.metrics.Emf;
import java.time.Duration;
import java.time.Instant;

/**
 * The backlog metrics ({@code Recon/BacklogAgeSeconds}, {@code BacklogInputs}, {@code
 * BacklogBytes}; dimension {@code Environment}) as one CloudWatch embedded metric format log line,
 * encoded by the core {@link Backlog#toEmf}: printed to the function's log, CloudWatch extracts the
 * metrics, no IAM permission or API call needed. The backlog-age alarm treats a missing metric as
 * breaching, so it is published on every scheduled call (sweep, plans, acquireBatch).
 */
public final class BacklogMetrics {
  public static final String NAMESPACE = Emf.NAMESPACE;
  public static final String BACKLOG_AGE = Backlog.BACKLOG_AGE;

  private BacklogMetrics() {}

  public static String backlogAge(String environment, Duration age, Instant now) {
    return new Backlog(0, 0, age).toEmf(environment, now);
  }

  public static String backlog(String environment, Backlog backlog, Instant now) {
    return backlog.toEmf(environment, now);
  }

  /** The tenant's backlog line (dimension Tenant, and the rollup over tenants). */
  public static String backlog(String environment, String tenant, Backlog backlog, Instant now) {
    return backlog.toEmf(environment, tenant, now);
  }
}
