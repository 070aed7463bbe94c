package dev.recon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the recon command line in this JVM, as a user would, and captures what it prints. */
final class ReconRuns {
  /** The java.base packages Spark needs opened, as ./recon opens them. */
  private static final List<String> SPARK_OPENS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.lang.reflect",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "jdk.internal.ref",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action",
          "sun.util.calendar");

  /** The command line of {@code recon args…} in a JVM of its own, started as ./recon starts it. */
  static List<String> forkedCommand(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g"));
    SPARK_OPENS.forEach(pkg -> cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED"));
    cmd.addAll(List.of("-cp", cp, ReconCli.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private ReconRuns() {}

  /** A run's exit code, standard output and error stream (picocli's, where failures go). */
  record Run(int exit, String out, String err) {}

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
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cl = ReconCli.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true));
      int exit = cl.execute(args);
      capture.flush();
      return new Run(exit, buf.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }
}
