package dev.recon.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) or SIGTERM: the JVM runs its shutdown hooks, the embedded stack's among them,
 * while the command is still working, so what fails next fails because of the interruption. Nothing
 * is lost (the next run takes over what this one held), and that is what the user is told, once.
 */
final class Interruption {
  private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

  private Interruption() {}

  /** True once the JVM has begun to shut down (hooks can no longer be added then). */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> {}, "recon-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** Prints "interrupted; run again to continue" once per JVM. */
  static void announce(PrintWriter err, String command) {
    if (ANNOUNCED.compareAndSet(false, true)) {
      err.println("recon " + command + ": interrupted; run again to continue");
      err.flush();
    }
  }
}
