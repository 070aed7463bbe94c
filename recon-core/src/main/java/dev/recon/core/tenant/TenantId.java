package dev.recon.core.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant: a business entity whose data and pipeline are isolated from every other's in one
 * deployment (DESIGN §10). An id is 1 to 40 characters of lowercase letters, digits and {@code -},
 * starting with a letter — so it fits S3 prefixes, table keys and metric dimensions, and can never
 * be mistaken for the {@code yyyy} or ten-digit sequence segment that follows {@code input/},
 * {@code state/} and the other layout prefixes of the default tenant.
 *
 * <p>{@link #DEFAULT} is the tenant of every key that carries no tenant: the data of a deployment
 * from before tenants reads as tenant {@code default} unchanged ({@link TenantKeys}).
 */
public record TenantId(String value) implements java.io.Serializable, Comparable<TenantId> {
  public static final int MAX_LENGTH = 40;
  static final String PATTERN = "[a-z][a-z0-9-]{0," + (MAX_LENGTH - 1) + "}";
  private static final Pattern VALID = Pattern.compile(PATTERN);

  public static final TenantId DEFAULT = new TenantId("default");

  /**
   * Reserved: the layout's own second segments that look like tenant ids ({@code
   * quarantine/state-<N>/}, the stateful merge's conflicting duplicates).
   */
  static final String RESERVED_PREFIX = "state-";

  /**
   * Reserved: {@code rules}, the second segment of the default tenant's rule sets ({@code
   * config/rules/v<N>-<hash>.yaml}, {@link dev.recon.core.match.RuleSets}). Were it a tenant id,
   * those keys would read as tenant {@code rules}'s: hidden from the default tenant's listings and
   * readable by a tenant named {@code rules}.
   */
  static final String RESERVED_RULES = "rules";

  public TenantId {
    Objects.requireNonNull(value, "tenant");
    problem(value)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  /** Empty when {@code value} is a valid tenant id, else why not (never echoes a long value). */
  public static Optional<String> problem(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of("empty tenant id");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of("tenant id longer than " + MAX_LENGTH + " characters");
    }
    if (!VALID.matcher(value).matches()) {
      return Optional.of(
          "tenant id must be lowercase letters, digits and '-', starting with a letter: " + value);
    }
    if (value.startsWith(RESERVED_PREFIX)) {
      return Optional.of(
          "tenant ids starting with '"
              + RESERVED_PREFIX
              + "' are reserved by the layout: "
              + value);
    }
    if (value.equals(RESERVED_RULES)) {
      return Optional.of(
          "tenant id '" + RESERVED_RULES + "' is reserved by the layout (config/rules/)");
    }
    return Optional.empty();
  }

  public static boolean isValid(String value) {
    return value != null
        && value.length() <= MAX_LENGTH
        && VALID.matcher(value).matches()
        && !value.startsWith(RESERVED_PREFIX)
        && !value.equals(RESERVED_RULES);
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  @Override
  public int compareTo(TenantId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
