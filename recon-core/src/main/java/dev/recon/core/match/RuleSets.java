package dev.recon.core.match;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a tenant's matching rule sets live and how a batch finds the one it runs with (DESIGN §9,
 * §10).
 *
 * <p>A rule set is stored once, <b>immutable and content-addressed</b>, in the tenant's view of the
 * object store: {@code config/rules/v<version>-<sha256 of the bytes, 16 hex>.yaml}. The tenant's
 * configuration names it ({@link TenantConfig#rules()}, the object key); every batch records the
 * configuration version it was planned with, so a rerun or a replay resolves the same key, hence
 * the same bytes, whatever the tenant uses now. Storing the same file again gives the same key and
 * writes nothing new; an edited file gets a new key (and, if the author bumped it, a new version).
 */
public final class RuleSets {
  /** The folder of stored rule sets, relative to the tenant's prefix. */
  public static final String PREFIX = "config/rules/";

  private static final Pattern KEY =
      Pattern.compile("config/rules/v([0-9]{1,18})-[0-9a-f]{16}\\.yaml");

  private RuleSets() {}

  /** A stored rule set: its key (what the configuration names), its text and what it says. */
  public record Stored(String key, String yaml, RuleSet rules) {}

  /** The key a rule set with these bytes is stored under. */
  public static String keyOf(RuleSet rules, byte[] yaml) {
    return PREFIX + "v" + rules.version() + "-" + sha256(yaml).substring(0, 16) + ".yaml";
  }

  /** Whether {@code reference} is a key {@link #store} makes. */
  public static boolean isKey(String reference) {
    return reference != null && KEY.matcher(reference).matches();
  }

  /** The rule set version a key names (the {@code version:} of its file). */
  public static long versionOfKey(String key) {
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a stored rule set key: " + key);
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * Checks {@code yaml} and stores it (unless an object with that key exists: same bytes, same
   * key).
   *
   * @param file names the text in error messages
   * @throws RuleSetException with every problem found; nothing is stored then
   */
  public static Stored store(ObjectStore store, String file, String yaml) {
    RuleSet rules = RuleSetParser.parse(file, yaml);
    byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
    String key = keyOf(rules, bytes);
    if (store.head(key).isEmpty()) {
      store.put(key, bytes);
    }
    return new Stored(key, yaml, rules);
  }

  /**
   * The rule set stored under {@code key}, checked again on the way in (the bytes must still hash
   * to the key, so a rule set changed in place is refused, never used).
   */
  public static Stored load(ObjectStore store, String key) {
    if (!isKey(key)) {
      throw new ReconException(
          "the matching rule set reference "
              + key
              + " is not a stored rule set (config/rules/v<N>-<hash>.yaml); store one with recon"
              + " tenants set TENANT --rules FILE");
    }
    byte[] bytes;
    try {
      bytes = store.get(key);
    } catch (ObjectNotFoundException e) {
      throw new ReconException("the matching rule set " + key + " is missing from the store", e);
    }
    String yaml = new String(bytes, StandardCharsets.UTF_8);
    RuleSet rules = RuleSetParser.parse(key, yaml);
    if (!keyOf(rules, bytes).equals(key)) {
      throw new ReconException(
          "the matching rule set "
              + key
              + " was changed after it was stored (its bytes no longer hash to its key)");
    }
    return new Stored(key, yaml, rules);
  }

  /**
   * The rule set a batch runs with: the one its recorded configuration version names, or empty when
   * that version names none (no matching for that batch).
   */
  public static Optional<Stored> ofBatch(
      TenantConfigs configs, ObjectStore store, LedgerRecord batch) {
    String key = configs.ofBatch(batch).config().rules();
    return key == null ? Optional.empty() : Optional.of(load(store, key));
  }

  /** The SHA-256 of {@code bytes}, lower-case hex. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
