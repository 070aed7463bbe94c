package dev.recon.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops servers a dead stack left behind. Only called while holding the home's lock, so a
 * live process named by one of the home's pid files is an orphan by definition — provided it is
 * still the program we started (pids are recycled), which {@code isOurs} checks.
 */
public final class StaleProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(StaleProcesses.class);

  private StaleProcesses() {}

  /**
   * Stops the process named in {@code pidFile} if it is alive and {@code isOurs}; deletes the file.
   */
  public static void stopIfOrphaned(Path pidFile, Predicate<ProcessHandle> isOurs) {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isPresent() && p.get().isAlive() && isOurs.test(p.get())) {
        LOG.warn(
            "stopping orphaned process {} ({}) left by a previous stack",
            pid,
            pidFile.getFileName());
        ProcessHandle h = p.get();
        h.destroy();
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
          h.onExit().get(5, TimeUnit.SECONDS);
        }
      }
      Files.deleteIfExists(pidFile);
    } catch (NumberFormatException | IOException e) {
      LOG.warn("ignoring unreadable pid file {}: {}", pidFile, e.toString());
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the orphaned process named in " + pidFile, e);
    }
  }

  /** A JVM whose command line mentions {@code marker} (the stack's home path). */
  public static Predicate<ProcessHandle> javaMentioning(String marker) {
    return h -> {
      ProcessHandle.Info info = h.info();
      boolean java =
          info.command().map(c -> c.endsWith("java") || c.endsWith("java.exe")).orElse(false);
      boolean mentions =
          info.arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false)
              || info.commandLine().map(c -> c.contains(marker)).orElse(false);
      return java && mentions;
    };
  }

  /** A Redis server (its executable's name says so; Redis rewrites its own arguments). */
  public static Predicate<ProcessHandle> redisServer() {
    return h -> h.info().command().map(c -> c.contains("redis-server")).orElse(false);
  }
}
