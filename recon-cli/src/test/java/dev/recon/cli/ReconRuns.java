package dev.recon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the recon command line in this JVM, as a user would, and captures what it prints. */
final class ReconRuns {
  private ReconRuns() {}

  record Run(int exit, String out) {}

  /** One input line: an event of type X in EUR at {@code time}. */
  static String event(String id, String key, String side, String amount, String time) {
    return "{\"eventId\":\""
        + id
        + "\",\"artifactId\":\""
        + key
        + "\",\"eventTime\":\""
        + time
        + "\","
        + "\"type\":\"X\",\"side\":\""
        + side
        + "\",\"amount\":\""
        + amount
        + "\",\"currency\":\"EUR\"}\n";
  }

  /** Synchronized: standard output is swapped for the duration of one command. */
  static synchronized Run recon(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int exit = ReconCli.commandLine().execute(args);
      capture.flush();
      return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }
}
