package dev.recon.cli;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.match.RuleSetException;
import dev.recon.core.match.RuleSets;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Puts a matching rule set in force for a tenant (DESIGN §9, §10): {@code recon tenants set
 * --rules}, {@code recon run --rules} and {@code RECON_MATCH_RULES} all come here.
 *
 * <p>The rule set is checked, stored once in the tenant's store ({@link RuleSets}: immutable,
 * content-addressed) and named by a new configuration version, so the batches planned from then on
 * record it and a replay uses what its original ran with. Giving the rule set already in force
 * changes nothing (no new version).
 */
final class MatchRules {
  /** The environment variable naming a rule set file for {@code recon run}. */
  static final String ENV = "RECON_MATCH_RULES";

  private MatchRules() {}

  /**
   * The stored rule set {@code reference} names: a stored key ({@code config/rules/v…yaml},
   * checked) or a YAML file (checked, then stored). Problems are a usage error listing every one as
   * {@code file:line: field: message}.
   */
  static RuleSets.Stored resolve(ObjectStore tenantStore, String reference, String command) {
    try {
      if (RuleSets.isKey(reference)) {
        return RuleSets.load(tenantStore, reference);
      }
      Path file = Path.of(reference);
      String yaml;
      try {
        yaml = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new CliException(
            Exit.USAGE,
            command
                + ": --rules: no such file "
                + reference
                + " (give a rule set YAML file, or a stored key config/rules/v<N>-<hash>.yaml)");
      } catch (IOException e) {
        throw new CliException(
            Exit.USAGE, command + ": --rules: cannot read " + reference + ": " + e.getMessage(), e);
      }
      return RuleSets.store(tenantStore, file.toString(), yaml);
    } catch (RuleSetException e) {
      throw new CliException(
          Exit.USAGE,
          command
              + ": the rule set has "
              + e.errors().size()
              + (e.errors().size() == 1 ? " error" : " errors")
              + ":\n"
              + String.join("\n", e.errors()),
          e);
    } catch (dev.recon.core.error.ReconException e) {
      throw new CliException(Exit.USAGE, command + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes the rule set {@code reference} names the tenant's, unless it already is, and says so on
   * {@code out}.
   */
  static void use(
      LocalSession session,
      TenantId tenant,
      String reference,
      String actor,
      String command,
      PrintStream out) {
    ObjectStore store = Tenants.scope(session.sharedClients().sharedObjectStore(), tenant);
    RuleSets.Stored stored = resolve(store, reference, command);
    TenantConfigs configs =
        new TenantConfigs(Tenants.scope(session.sharedClients().sharedBatchLedger(), tenant));
    TenantConfigs.Version current = configs.current();
    if (stored.key().equals(current.config().rules())) {
      out.printf(
          "%s: tenant %s already matches with rule set version %d (%s), configuration version %d%n",
          command, tenant.value(), stored.rules().version(), stored.key(), current.version());
      return;
    }
    TenantConfigs.Version v =
        configs.set(
            current.version(), new TenantConfig(null, null, null, null, null, stored.key()), actor);
    out.printf(
        "%s: tenant %s matches with rule set version %d (%s) from configuration version %d%n",
        command, tenant.value(), stored.rules().version(), stored.key(), v.version());
  }
}
