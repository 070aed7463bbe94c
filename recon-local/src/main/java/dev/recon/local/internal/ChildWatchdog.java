package dev.recon.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of every process the embedded stack starts, so that no server outlives the JVM that
 * started it — not even when that JVM is SIGKILLed and gets no chance to clean up.
 *
 * <p>It exits as soon as either signal says the parent is gone: its stdin (a pipe whose only writer
 * is the parent) reaches end-of-file, or polling the parent's pid finds it dead (a backstop for the
 * rare case where the pipe stays open). Two modes:
 *
 * <ul>
 *   <li>{@code <parentPid> java <mainClass> <args…>}: runs the server's main in this very JVM (one
 *       JVM per server, no extra process); exiting the JVM stops the server.
 *   <li>{@code <parentPid> exec <binary> <args…>}: runs a native server (Redis) as a child and, on
 *       exit, stops it with SIGTERM (Redis then flushes its append-only file), escalating to
 *       SIGKILL after a grace period.
 * </ul>
 *
 * <p>This class is copied on its own into the stack's home and launched with a classpath of just
 * that copy plus the server's jars, so it must stay dependency-free and compile to a single class
 * file: no nested, anonymous or local classes (lambdas are fine).
 */
public final class ChildWatchdog {
  static final long PARENT_POLL_MILLIS = 500;
  static final long CHILD_STOP_GRACE_SECONDS = 10;

  /**
   * How long shutdown hooks may run before the JVM halts. A Java server gets little: s3proxy's
   * graceful Jetty stop waits seconds for idle keep-alive connections, and neither it nor DynamoDB
   * Local (SQLite, transactional) loses acknowledged writes when halted. A native child gets long
   * enough to save its data.
   */
  static final long HALT_AFTER_MILLIS_JAVA = 300;

  static final long HALT_AFTER_MILLIS_EXEC = 20_000;

  private static volatile Process child;
  private static volatile long haltAfterMillis = HALT_AFTER_MILLIS_EXEC;

  private ChildWatchdog() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !("java".equals(args[1]) || "exec".equals(args[1]))) {
      System.err.println(
          "usage: ChildWatchdog <parentPid> java <mainClass> <args...> | <parentPid> exec <binary> <args...>");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[0]);
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      System.err.println("watchdog: parent " + parentPid + " is already gone, not starting");
      System.exit(3);
    }
    Instant parentStart = parent.get().info().startInstant().orElse(null);
    haltAfterMillis = "java".equals(args[1]) ? HALT_AFTER_MILLIS_JAVA : HALT_AFTER_MILLIS_EXEC;
    startDaemon("watchdog-stdin", () -> watchStdin(System.in));
    startDaemon("watchdog-parent", () -> watchParent(parentPid, parentStart));

    String[] rest = Arrays.copyOfRange(args, 3, args.length);
    if ("java".equals(args[1])) {
      runJavaMain(args[2], rest);
    } else {
      runNative(args[2], rest);
    }
  }

  private static void runJavaMain(String mainClass, String[] args) throws Exception {
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      System.err.println("watchdog: " + mainClass + " failed to start");
      e.getCause().printStackTrace();
      System.exit(1);
    }
    // The server's own non-daemon threads keep this JVM alive from here on.
  }

  private static void runNative(String binary, String[] args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = binary;
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildWatchdog::stopChild, "watchdog-stop-child"));
    Process p = pb.start();
    child = p;
    p.getOutputStream().close(); // the server never reads stdin
    int code = p.waitFor();
    System.err.println("watchdog: " + binary + " exited with " + code);
    System.exit(code);
  }

  private static void stopChild() {
    Process p = child;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy(); // SIGTERM: Redis saves and exits
    try {
      if (!p.waitFor(CHILD_STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        System.err.println(
            "watchdog: child did not stop in " + CHILD_STOP_GRACE_SECONDS + "s, killing it");
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void watchStdin(InputStream in) {
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // The parent never writes; anything it does write is ignored.
      }
    } catch (IOException e) {
      // a broken pipe means the same as end-of-file
    }
    exit("stdin closed (parent stopped the stack or died)");
  }

  private static void watchParent(long pid, Instant start) {
    while (true) {
      try {
        Thread.sleep(PARENT_POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      boolean alive =
          p.isPresent()
              && p.get().isAlive()
              // a recycled pid belongs to a process that started later
              && (start == null || start.equals(p.get().info().startInstant().orElse(start)));
      if (!alive) {
        exit("parent " + pid + " is gone");
      }
    }
  }

  private static synchronized void exit(String why) {
    System.err.println("watchdog: " + why + ", shutting down");
    // If a shutdown hook hangs, do not linger as an orphan.
    startDaemon(
        "watchdog-halt",
        () -> {
          try {
            Thread.sleep(haltAfterMillis);
          } catch (InterruptedException ignored) {
            // halt anyway
          }
          Runtime.getRuntime().halt(1);
        });
    System.exit(0);
  }

  private static void startDaemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }
}
