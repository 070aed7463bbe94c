package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recon ingest DIR} names every file it skips. No stack starts here. */
class IngestSkippedTest {
  @TempDir Path tmp;

  @Test
  void ingestOfAFolder_shouldListTheFilesItSkips() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("drop"));
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/data.csv"), "a,b");
    Path home = tmp.resolve("home");
    Captured r = Captured.recon("ingest", "--home", home.toString(), dir.toString());
    assertThat(r.err())
        .contains("skipped " + dir.resolve("notes.txt") + ": not .jsonl or .jsonl.gz")
        .contains("skipped " + dir.resolve("sub/data.csv"))
        .contains("nothing to ingest");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(home).doesNotExist();
  }
}
