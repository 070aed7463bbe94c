package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.cli.Exit;
import dev.recon.cli.ServeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code recon serve}'s refusals, all before the embedded stack would start. */
class ServeCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int serve(String... args) {
    CommandLine cl = new CommandLine(new ServeCommand());
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  @Test
  void call_shouldExitWithUsage_whenThePortIsOutOfRange() {
    // WHEN
    int exit = serve("--home", dir.resolve("h").toString(), "--port", "70000");

    // THEN
    assertThat(exit).isEqualTo(Exit.USAGE);
    assertThat(err.toString()).contains("--port must be from 0 to 65535, not 70000");
  }

  @Test
  void call_shouldExitWithUsage_whenTheBindAddressIsMalformed() {
    // WHEN an IPv6 literal without its closing bracket (refused without any DNS lookup)
    int exit = serve("--home", dir.resolve("h").toString(), "--bind", "[::1");

    // THEN
    assertThat(exit).isEqualTo(Exit.USAGE);
    assertThat(err.toString()).contains("--bind [::1: unknown host or address");
  }

  @Test
  void call_shouldFailBeforeStartingTheStack_whenThePortIsTaken() throws Exception {
    // GIVEN another process listening on the port
    Path home = dir.resolve("h");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      // WHEN
      int exit = serve("--home", home.toString(), "--port", Integer.toString(taken.getLocalPort()));

      // THEN a clear message, and no stack was started on the home
      assertThat(exit).isEqualTo(Exit.FAILED);
      assertThat(err.toString())
          .contains("recon serve: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("choose another --port");
      assertThat(Files.exists(home)).isFalse();
    }
  }
}
