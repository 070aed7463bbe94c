package dev.recon.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The backlog: input batches registered but not yet reflected in a successful stateful batch (the
 * definition of completeness), how many, how large, and how long the oldest has waited since it was
 * registered.
 *
 * @param inputs input batches not yet reflected
 * @param bytes their stored size
 * @param age since the oldest of them was registered; zero when there is none
 */
public record Backlog(long inputs, long bytes, Duration age) {
  public static final String BACKLOG_AGE = "BacklogAgeSeconds";
  public static final String BACKLOG_INPUTS = "BacklogInputs";
  public static final String BACKLOG_BYTES = "BacklogBytes";
  public static final Backlog EMPTY = new Backlog(0, 0, Duration.ZERO);

  public Backlog {
    Objects.requireNonNull(age, "age");
    if (inputs < 0 || bytes < 0 || age.isNegative()) {
      throw new IllegalArgumentException("negative backlog");
    }
  }

  /** One EMF line, dimension {@code Environment}: age, inputs, bytes. */
  public String toEmf(String environment, Instant timestamp) {
    return toEmf(environment, dev.recon.core.tenant.TenantId.DEFAULT.value(), timestamp);
  }

  /** As {@link #toEmf(String, Instant)}, with the {@link Emf#TENANT} dimension (and its rollup). */
  public String toEmf(String environment, String tenant, Instant timestamp) {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put(StageMetrics.ENVIRONMENT, environment);
    dims.put(Emf.TENANT, tenant);
    return Emf.line(
        Emf.NAMESPACE,
        dims,
        List.of(
            new Emf.Metric(BACKLOG_AGE, Emf.SECONDS, age.getSeconds()),
            new Emf.Metric(BACKLOG_INPUTS, Emf.COUNT, inputs),
            new Emf.Metric(BACKLOG_BYTES, Emf.BYTES, bytes)),
        Map.of(),
        timestamp);
  }
}
