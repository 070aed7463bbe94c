package dev.recon.local.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server process of the stack, launched through {@link ChildWatchdog}: its stdin is a pipe the
 * watchdog watches, its output goes to a log file under {@code <home>/logs}, and its pid is
 * recorded under {@code <home>/run} so a later start can find it if it was orphaned.
 */
public final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path logFile;
  private final Path pidFile;

  private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.pidFile = pidFile;
  }

  /** Starts {@code command}; stdout and stderr are appended to {@code logFile}. */
  public static ChildProcess launch(
      String name, List<String> command, Path logFile, Path pidFile, Path workDir) {
    try {
      Files.writeString(
          logFile,
          "---- "
              + java.time.Instant.now()
              + " starting "
              + name
              + ": "
              + String.join(" ", command)
              + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.directory(workDir.toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      // stdin stays a pipe: closing it (or this JVM dying) tells the watchdog to stop.
      Process p = pb.start();
      Files.writeString(pidFile, Long.toString(p.pid()), StandardCharsets.UTF_8);
      return new ChildProcess(name, p, logFile, pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /**
   * Asks the watchdog to stop (closes its stdin), waits up to {@code grace}, then escalates to
   * SIGTERM and finally SIGKILL. Returns once the process is gone.
   */
  public void stop(Duration grace) {
    try {
      if (process.isAlive()) {
        try {
          OutputStream stdin = process.getOutputStream();
          stdin.close();
        } catch (IOException e) {
          // already closed: the watchdog sees end-of-file either way
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // a stale pid file is checked (and ignored if the pid is not ours) on the next start
      }
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    return tail(logFile, lines);
  }

  static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      long from = Math.max(0, len - 64 * 1024);
      byte[] buf = new byte[(int) (len - from)];
      raf.seek(from);
      raf.readFully(buf);
      String text = new String(buf, StandardCharsets.UTF_8);
      Deque<String> last = new ArrayDeque<>();
      for (String line : text.split("\r?\n")) {
        last.addLast(line);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
      return String.join("\n", last);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
