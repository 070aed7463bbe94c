package dev.recon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.backlog.PlanLimits;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recon tenants list|show|set}: each tenant's versioned, audited configuration (README,
 * "Tenant configuration"), kept in the ledger where the backlog manager reads it each cycle. The
 * commands attach to the stack of a running {@code recon run} when there is one, so a change
 * applies from the next plan without stopping anything; every write is conditional ({@link
 * TenantConfigs}).
 */
@Command(
    name = "tenants",
    description =
        "Per-tenant configuration: list the tenants, show a tenant's version and history, set new values.",
    subcommands = {
      TenantsCommand.ListCommand.class,
      TenantsCommand.ShowCommand.class,
      TenantsCommand.SetCommand.class,
    })
final class TenantsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static TenantConfigs configs(LocalSession session, TenantId tenant) {
    BatchLedger shared = session.sharedClients().sharedBatchLedger();
    return new TenantConfigs(Tenants.scope(shared, tenant));
  }

  /** The deployment's value of each setting: what an unset value means. */
  static Map<String, String> deployment(ReconSettings s) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(TenantConfig.MAX_EVENTS, Long.toString(PlanLimits.MAX_EVENTS_DEFAULT));
    out.put(TenantConfig.MAX_BYTES, Long.toString(PlanLimits.MAX_BYTES_DEFAULT));
    out.put(TenantConfig.AGING_THRESHOLD, s.rules().agingThreshold().toString());
    out.put(TenantConfig.TOLERANCE, s.rules().tolerance().toPlainString());
    out.put(TenantConfig.ALLOWED_LATENESS, s.allowedLateness().toString());
    out.put(TenantConfig.RULES, "(none: no statement matching)");
    return out;
  }

  static ObjectNode json(TenantId tenant, TenantConfigs.Version v, ReconSettings settings) {
    ObjectNode o = JSON.createObjectNode();
    o.put("tenant", tenant.value());
    o.put("version", v.version());
    if (v.actor() != null) {
      o.put("actor", v.actor());
      o.put("at", v.at().toString());
    }
    ObjectNode set = o.putObject("set");
    v.config().toAttributes().forEach(set::put);
    ObjectNode effective = o.putObject("effective");
    Map<String, String> d = deployment(settings);
    v.config().display().forEach((k, val) -> effective.put(k, val != null ? val : d.get(k)));
    ObjectNode changes = o.putObject("changes");
    v.changes().forEach(changes::put);
    return o;
  }

  @Command(
      name = "list",
      description = "Every known tenant (with input, batches or a configuration) and its version.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Option(names = "--json", description = "One JSON object per tenant, one a line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (LocalSession session = LocalSession.openForReading(home.home(), "tenants list")) {
        for (TenantId t : Tenants.configuredOrKnown(session.sharedClients().sharedBatchLedger())) {
          TenantConfigs.Version v = configs(session, t).current();
          if (json) {
            System.out.println(
                JSON.writeValueAsString(TenantsCommand.json(t, v, session.settings())));
          } else if (v.version() == 0) {
            System.out.printf("%-40s version 0 (deployment settings)%n", t.value());
          } else {
            System.out.printf(
                "%-40s version %d (set by %s at %s)%n", t.value(), v.version(), v.actor(), v.at());
          }
        }
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "show",
      description =
          "A tenant's current configuration (or --version V), or every version with --history.")
  static final class ShowCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(
        paramLabel = "TENANT",
        converter = HomeOption.TenantConverter.class,
        description = "The tenant.")
    TenantId tenant;

    @Option(
        names = "--version",
        paramLabel = "V",
        description = "That version, not the current one.")
    Long version;

    /**
     * Declared here: this command's own {@code --version} replaces the inherited standard help
     * options (picocli drops the mixin on a name clash), so -h/--help is restated.
     */
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--history", description = "Every version, oldest first, with what changed.")
    boolean history;

    @Option(names = "--json", description = "JSON (one object per version with --history).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (history && version != null) {
        throw new CliException(
            Exit.USAGE, "recon tenants show: give --version or --history, not both");
      }
      try (LocalSession session = LocalSession.openForReading(home.home(), "tenants show")) {
        TenantConfigs configs = configs(session, tenant);
        ReconSettings settings = session.settings();
        if (history) {
          List<TenantConfigs.Version> all = configs.history();
          if (!json && all.isEmpty()) {
            System.out.println(
                "tenant " + tenant.value() + ": no configuration set (deployment settings)");
          }
          for (TenantConfigs.Version v : all) {
            if (json) {
              System.out.println(JSON.writeValueAsString(TenantsCommand.json(tenant, v, settings)));
            } else {
              System.out.printf(
                  "version %d  %s  by %s: %s%n",
                  v.version(),
                  v.at(),
                  v.actor(),
                  String.join(
                      "; ",
                      v.changes().entrySet().stream()
                          .map(e -> e.getKey() + " " + e.getValue())
                          .toList()));
            }
          }
          return Exit.OK;
        }
        TenantConfigs.Version v =
            version == null
                ? configs.current()
                : configs
                    .version(version)
                    .orElseThrow(
                        () ->
                            new CliException(
                                Exit.NOT_FOUND,
                                "recon tenants show: tenant "
                                    + tenant.value()
                                    + " has no configuration version "
                                    + version
                                    + ": `recon tenants show "
                                    + tenant.value()
                                    + " --history` lists them"));
        if (json) {
          System.out.println(JSON.writeValueAsString(TenantsCommand.json(tenant, v, settings)));
          return Exit.OK;
        }
        System.out.println(
            "tenant "
                + tenant.value()
                + ": configuration version "
                + v.version()
                + (v.actor() == null
                    ? " (nothing set: the deployment's settings)"
                    : " (set by " + v.actor() + " at " + v.at() + ")"));
        Map<String, String> d = deployment(settings);
        v.config()
            .display()
            .forEach(
                (k, val) ->
                    System.out.printf(
                        "  %-16s %s%n", k, val != null ? val : d.get(k) + " (deployment)"));
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "set",
      description =
          "Make a new configuration version of a tenant: the current values with the given ones replaced. Applies from the next plan; batches planned before keep their version.")
  static final class SetCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(
        paramLabel = "TENANT",
        converter = HomeOption.TenantConverter.class,
        description = "The tenant.")
    TenantId tenant;

    @Option(
        names = "--aging-days",
        paramLabel = "N",
        description = "Aging threshold in days (> 0).")
    Long agingDays;

    @Option(
        names = "--tolerance",
        paramLabel = "X",
        description = "A balance of at most X (absolute) is settled (>= 0, e.g. 0.01).")
    String tolerance;

    @Option(
        names = "--max-events",
        paramLabel = "N",
        description = "Most estimated events per stateless run (>= 1).")
    Long maxEvents;

    @Option(
        names = "--max-bytes",
        paramLabel = "N",
        description = "Most input bytes per stateless run (>= 1).")
    Long maxBytes;

    @Option(
        names = "--allowed-lateness",
        paramLabel = "D",
        description = "ISO-8601 duration, PT0S to P366D (e.g. PT1H): watermarks and completeness.")
    String allowedLateness;

    @Option(
        names = "--rules",
        paramLabel = "FILE",
        description =
            "The matching rule set: a YAML file (checked, then stored in the tenant's store, see"
                + " recon rules check), or the key of one already stored"
                + " (config/rules/v<N>-<hash>.yaml).")
    String rules;

    @Option(
        names = "--actor",
        paramLabel = "WHO",
        description = "Who makes the change (default: the user running the command).")
    String actor;

    @Option(
        names = "--if-version",
        paramLabel = "V",
        description = "Refuse unless V is still the current version (the one you looked at).")
    Long ifVersion;

    @Override
    public Integer call() throws Exception {
      TenantConfig changes = changes();
      if (changes.equals(TenantConfig.NONE) && rules == null) {
        throw new CliException(
            Exit.USAGE,
            "recon tenants set: give at least one of --aging-days, --tolerance, --max-events,"
                + " --max-bytes, --allowed-lateness, --rules");
      }
      String who = actor != null ? actor : System.getProperty("user.name", "unknown");
      if (who.isBlank()) {
        throw new CliException(Exit.USAGE, "recon tenants set: --actor must not be blank");
      }
      try (LocalSession session = LocalSession.openForReading(home.home(), "tenants set")) {
        if (rules != null) {
          String key =
              MatchRules.resolve(
                      Tenants.scope(session.sharedClients().sharedObjectStore(), tenant),
                      rules,
                      "recon tenants set")
                  .key();
          changes = changes.with(new TenantConfig(null, null, null, null, null, key));
        }
        TenantConfigs configs = configs(session, tenant);
        long base = ifVersion != null ? ifVersion : configs.current().version();
        TenantConfigs.Version v;
        try {
          v = configs.set(base, changes, who);
        } catch (TenantConfigs.StaleConfigException e) {
          throw new CliException(
              Exit.FAILED,
              "recon tenants set: tenant "
                  + tenant.value()
                  + " is at version "
                  + e.current()
                  + " now, not "
                  + base
                  + ": `recon tenants show "
                  + tenant.value()
                  + "`, then set again",
              e);
        } catch (IllegalArgumentException e) {
          throw new CliException(Exit.USAGE, "recon tenants set: " + e.getMessage(), e);
        }
        System.out.printf(
            "tenant %s: configuration version %d by %s at %s%n",
            tenant.value(), v.version(), v.actor(), v.at());
        v.changes().forEach((k, c) -> System.out.printf("  %-16s %s%n", k, c));
      }
      return Exit.OK;
    }

    /** The values given, checked before any stack starts (exit 2 with the reason). */
    TenantConfig changes() {
      try {
        return new TenantConfig(
            maxEvents,
            maxBytes,
            agingDays == null ? null : Duration.ofDays(agingDays),
            tolerance == null ? null : amount(tolerance),
            allowedLateness == null ? null : duration(allowedLateness),
            null);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new CliException(Exit.USAGE, "recon tenants set: " + e.getMessage(), e);
      }
    }

    private static BigDecimal amount(String text) {
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + clip(text) + "' is not an amount: give a decimal such as 0.01");
      }
    }

    private static Duration duration(String text) {
      try {
        return Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + clip(text) + "' is not a duration: give an ISO-8601 duration such as PT1H");
      }
    }

    private static String clip(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
  }
}
