package dev.recon.spark;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line arguments of the stateful jobs; unknown names fail fast. */
public final class JobArgs {
  private JobArgs() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got: " + a);
      }
      out.put(a.substring(2), args[++i]);
    }
    return out;
  }

  public static void allowOnly(Map<String, String> args, Set<String> names) {
    for (String n : args.keySet()) {
      if (!names.contains(n)) {
        throw new IllegalArgumentException("unknown argument --" + n + "; known: " + names);
      }
    }
  }

  /**
   * The settings for the run's tenant: {@code --tenant T} when given (the workflows always pass
   * it), else the settings' own ({@code RECON_TENANT}, default {@code default}).
   */
  public static ReconSettings forTenant(Map<String, String> args, ReconSettings settings) {
    String t = args.get("tenant");
    return t == null ? settings : settings.withTenant(TenantId.of(t.trim()));
  }

  public static long requiredLong(Map<String, String> args, String name) {
    String v = args.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return Long.parseLong(v.trim());
  }

  public static Long optionalLong(Map<String, String> args, String name) {
    String v = args.get(name);
    return v == null ? null : Long.parseLong(v.trim());
  }

  public static long longOr(Map<String, String> args, String name, long fallback) {
    Long v = optionalLong(args, name);
    return v == null ? fallback : v;
  }
}
