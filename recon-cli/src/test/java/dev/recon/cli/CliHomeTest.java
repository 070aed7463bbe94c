package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read (or work on existing batches) never create a home. No stack starts here.
 */
class CliHomeTest {
  @TempDir Path tmp;

  @Test
  void readOnlyCommands_shouldNotCreateAHome_andSayWhereTheyLooked() throws Exception {
    Path home = tmp.resolve("nothing-here");
    Path empty = Files.createDirectories(tmp.resolve("empty-dir"));
    String[][] commands = {
      {"status"},
      {"cost"},
      {"get", "k"},
      {"history", "k"},
      {"export"},
      {"report"},
      {"cancel", "7"},
      {"run"},
      {"complete", "--from", "2026-11-22T10:00:00Z", "--to", "2026-11-22T11:00:00Z"},
      {"replay", "--from", "2026-11-22T10:00:00Z", "--to", "2026-11-22T11:00:00Z"}
    };
    for (Path where : new Path[] {home, empty}) {
      for (String[] c : commands) {
        String[] args = new String[c.length + 2];
        args[0] = c[0];
        args[1] = "--home";
        args[2] = where.toString();
        System.arraycopy(c, 1, args, 3, c.length - 1);
        Captured r = Captured.recon(args);
        assertThat(r.exit()).as("recon %s: %s", String.join(" ", args), r.err()).isEqualTo(7);
        assertThat(r.err())
            .contains("no recon home at " + where.toAbsolutePath())
            .contains("recon ingest")
            .contains("--home");
      }
    }
    assertThat(home).doesNotExist();
    try (var files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }
}
