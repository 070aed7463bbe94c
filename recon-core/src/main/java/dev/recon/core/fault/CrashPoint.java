package dev.recon.core.fault;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A kill drill at a named point of a stage: when the environment variable {@value #ENV} names the
 * point, the process is killed there by SIGKILL ({@code kill -9} on itself, as an operator or the
 * OOM killer would; {@link Runtime#halt} where no {@code kill} exists) — no shutdown hook, no
 * {@code finally}, nothing flushed. Used by the kill-recovery tests to stop a run at an exact point
 * that a timer cannot hit (the matching stage writes its objects milliseconds apart), and by
 * operators to rehearse recovery. Unset (always, in production), it does nothing.
 */
public final class CrashPoint {
  public static final String ENV = "RECON_CRASH_AT";

  /** The matching stage, after every object of a batch but its manifest. */
  public static final String MATCH_BEFORE_MANIFEST = "match-before-manifest";

  private CrashPoint() {}

  /** Kills this process if {@value #ENV} names {@code point}. */
  public static void at(String point) {
    if (!point.equals(System.getenv(ENV))) {
      return;
    }
    System.err.println("recon: killed at crash point " + point + " (" + ENV + ")");
    System.err.flush();
    try {
      new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): halt, which skips shutdown hooks and finally blocks just the same
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(137);
  }
}
