package dev.recon.processor;

import dev.recon.core.config.ReconSettings;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The processor's run configuration, parsed once from the command line ({@link ProcessorMain}).
 *
 * @param statelessFrom override of the ledger's statelessFrom (null: the prefetch manifest's)
 * @param statelessTo override of the ledger's statelessTo (null: the prefetch manifest's)
 * @param asOf override of the ledger's windowEnd (null: read the ledger)
 * @param parts part-files for ordinary keys (heavy keys get one each on top)
 * @param heavyKeyBytes a key whose inputs (prior copies plus stateless lines) weigh more than this
 *     is merged in a task of its own; 0 turns the skew pass off
 * @param maxHeavyKeys at most this many keys get their own task (the heaviest)
 */
public record ProcessorConfig(
    ReconSettings settings,
    long batch,
    Long statelessFrom,
    Long statelessTo,
    Instant asOf,
    int parts,
    long heavyKeyBytes,
    int maxHeavyKeys)
    implements Serializable {

  public static final int PARTS_DEFAULT = 8;
  public static final long HEAVY_KEY_BYTES_DEFAULT = 64L * 1024 * 1024;
  public static final int MAX_HEAVY_KEYS_DEFAULT = 256;

  public ProcessorConfig {
    Objects.requireNonNull(settings, "settings");
    if (batch < 1 || parts < 1 || heavyKeyBytes < 0 || maxHeavyKeys < 0) {
      throw new IllegalArgumentException("bad processor config");
    }
  }

  public static ProcessorConfig defaults(ReconSettings settings, long batch) {
    return new ProcessorConfig(
        settings,
        batch,
        null,
        null,
        null,
        PARTS_DEFAULT,
        HEAVY_KEY_BYTES_DEFAULT,
        MAX_HEAVY_KEYS_DEFAULT);
  }

  public ProcessorConfig withAsOf(Instant t) {
    return new ProcessorConfig(
        settings, batch, statelessFrom, statelessTo, t, parts, heavyKeyBytes, maxHeavyKeys);
  }

  public ProcessorConfig withParts(int n) {
    return new ProcessorConfig(
        settings, batch, statelessFrom, statelessTo, asOf, n, heavyKeyBytes, maxHeavyKeys);
  }

  public ProcessorConfig withHeavyKeyBytes(long b) {
    return new ProcessorConfig(
        settings, batch, statelessFrom, statelessTo, asOf, parts, b, maxHeavyKeys);
  }
}
