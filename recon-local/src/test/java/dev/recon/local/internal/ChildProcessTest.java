package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @Test
  void tail_shouldReturnLastLines_whenLogIsLonger(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("x.log");
    Files.writeString(
        log,
        IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

    assertThat(ChildProcess.tail(log, 3)).isEqualTo("line 98\nline 99\nline 100");
  }

  @Test
  void tail_shouldSayNoLog_whenFileMissing(@TempDir Path dir) {
    assertThat(ChildProcess.tail(dir.resolve("none.log"), 3)).contains("no log");
  }
}
