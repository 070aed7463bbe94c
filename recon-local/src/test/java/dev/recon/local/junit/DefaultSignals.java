package dev.recon.local.junit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tests that stop a process with a signal must not depend on how the build was started. A build
 * launched with SIGTERM or SIGINT ignored (a CI runner, {@code nohup}, a background job) hands that
 * disposition down through Maven and every JVM to each child — a JVM does not install its handler
 * for a signal it inherited as ignored — so {@code sleep} then survives SIGTERM and a CLI survives
 * Ctrl-C. {@link #command} starts the child through {@code env --default-signal} (GNU coreutils
 * 8.31+) to restore the defaults; where that option is missing, the command runs as given.
 */
public final class DefaultSignals {
  private static final List<String> PREFIX = probe();

  private DefaultSignals() {}

  /** {@code command}, started with SIGTERM, SIGINT and SIGHUP at their default dispositions. */
  public static List<String> command(List<String> command) {
    List<String> out = new ArrayList<>(PREFIX);
    out.addAll(command);
    return out;
  }

  private static List<String> probe() {
    List<String> prefix = List.of("env", "--default-signal=TERM,INT,HUP");
    try {
      Process p = new ProcessBuilder(concat(prefix, "true")).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return prefix;
      }
    } catch (IOException e) {
      // no env(1) at all: run commands as given
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }

  private static List<String> concat(List<String> prefix, String last) {
    List<String> out = new ArrayList<>(prefix);
    out.add(last);
    return out;
  }
}
