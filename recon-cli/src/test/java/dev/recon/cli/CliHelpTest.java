package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help, -h and `recon help COMMAND` without touching a stack. */
class CliHelpTest {
  private static Set<String> commands() {
    Set<String> names = ReconCli.commandLine().getSubcommands().keySet();
    assertThat(names)
        .contains(
            "get", "cancel", "ingest", "report", "complete", "replay", "bench", "cost", "help");
    return names;
  }

  @Test
  void everyCommand_shouldPrintItsUsageAndExit0_withHelpOptions() {
    for (String name : commands()) {
      for (String option : new String[] {"--help", "-h"}) {
        Captured r = Captured.recon(name, option);
        assertThat(r.exit()).as("recon %s %s: %s", name, option, r.err()).isZero();
        assertThat(r.out()).as("recon %s %s", name, option).contains("Usage: recon " + name);
        assertThat(r.err()).as("recon %s %s", name, option).isEmpty();
      }
    }
  }

  @Test
  void helpCommand_shouldPrintTheUsageOfEveryCommand() {
    for (String name : commands()) {
      Captured r = Captured.recon("help", name);
      assertThat(r.exit()).as("recon help %s: %s", name, r.err()).isZero();
      assertThat(r.out()).as("recon help %s", name).contains("Usage: recon " + name);
    }
    Captured all = Captured.recon("help");
    assertThat(all.exit()).isZero();
    assertThat(all.out()).contains("Usage: recon").contains("get").contains("status");
  }

  @Test
  void everyCommandAtEveryLevel_shouldHaveAUsageHelpOption() {
    assertHelpOption(ReconCli.commandLine());
  }

  private static void assertHelpOption(CommandLine cmd) {
    assertThat(cmd.getCommandSpec().options())
        .as("%s has -h/--help", cmd.getCommandSpec().qualifiedName())
        .anyMatch(
            o ->
                o.usageHelp()
                    && o.names().length == 2
                    && o.shortestName().equals("-h")
                    && o.longestName().equals("--help"));
    cmd.getSubcommands().values().forEach(CliHelpTest::assertHelpOption);
  }
}
