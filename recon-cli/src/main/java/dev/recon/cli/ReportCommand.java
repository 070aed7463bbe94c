package dev.recon.cli;

import dev.recon.core.query.UnreconciledReport;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * OPEN and AGED artifacts, oldest first, as they stood at {@code --as-of} (default: now): each
 * artifact's version current then, its status evaluated again at that instant with the same rule
 * ({@link UnreconciledReport}); artifacts that did not exist yet are not listed.
 */
@Command(name = "report", description = "OPEN and AGED artifacts with balances, oldest first.")
final class ReportCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description = "Evaluate aging at this instant (default: now).")
  Instant asOf;

  @Override
  public Integer call() {
    Instant at = asOf != null ? asOf : Instant.now();
    try (LocalSession session =
        LocalSession.openForReading(home.home(), "report").tenant(home.tenant())) {
      // The tenant's tolerance and aging as they stood at T: the newest version made by then.
      dev.recon.core.config.TenantConfig config = dev.recon.core.config.TenantConfig.NONE;
      for (dev.recon.core.config.TenantConfigs.Version v :
          new dev.recon.core.config.TenantConfigs(session.clients().batchLedger()).history()) {
        if (!v.at().isAfter(at)) {
          config = v.config();
        }
      }
      List<UnreconciledReport.Row> open =
          UnreconciledReport.at(
              AllArtifacts.all(session.clients()),
              at,
              config.applyTo(session.settings().rules()),
              session.query());
      System.out.printf("%d unreconciled artifact(s) as of %s%n", open.size(), at);
      for (UnreconciledReport.Row r : open) {
        System.out.printf("%-7s %s%n", r.status(), Render.summary(r.artifact()));
      }
    }
    return Exit.OK;
  }
}
