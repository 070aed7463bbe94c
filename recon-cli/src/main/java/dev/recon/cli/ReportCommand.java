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
 * ({@link UnreconciledReport}); artifacts that did not exist yet are not listed. When the tenant
 * matches statements, the totals of its open matching items per aging bucket follow.
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
      // two-sided matching (DESIGN §9): the open items of the latest matched batch, by bucket
      java.util.Optional<dev.recon.core.match.MatchBook.Latest> matched =
          new dev.recon.core.match.MatchBook(session.clients().objectStore()).latest();
      if (matched.isPresent()) {
        List<dev.recon.core.match.Breaks.Item> items =
            dev.recon.core.match.Breaks.of(matched.get().state(), matched.get().rules(), at);
        System.out.printf(
            "%d open matching item(s) as of %s (recon breaks lists them)%n", items.size(), at);
        MatchesCommand.totals(System.out, items, matched.get().rules().agingBuckets());
      }
    }
    return Exit.OK;
  }
}
