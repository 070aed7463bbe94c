package dev.recon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One command run in this JVM with both standard output and standard error captured. */
record Captured(int exit, String out, String err) {
  static Captured recon(String... args) {
    return run(ReconCli::commandLine, args);
  }

  /**
   * The command line is made after System.out and System.err are swapped: picocli's default
   * execution strategy keeps the streams of the moment it was made and would write there.
   */
  static synchronized Captured run(Supplier<CommandLine> commandLine, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      CommandLine cl = commandLine.get();
      PrintWriter outWriter = new PrintWriter(o, true);
      PrintWriter errWriter = new PrintWriter(e, true);
      cl.setOut(outWriter);
      cl.setErr(errWriter);
      int exit = cl.execute(args);
      outWriter.flush();
      errWriter.flush();
      return new Captured(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
