package dev.recon.local;

import dev.recon.local.internal.StaleProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A stack's home directory: its layout, and the orphans a crashed stack left in it. */
final class StackHome {
  private StackHome() {}

  /** Creates {@code requested} and its sub-directories; returns it absolute, symlinks resolved. */
  static Path prepare(Path requested) {
    try {
      Files.createDirectories(requested);
      Path home = requested.toRealPath();
      for (String dir : List.of("s3", "dynamodb", "redis", "logs", "run", "bin")) {
        Files.createDirectories(home.resolve(dir));
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare stack home " + requested, e);
    }
  }

  /**
   * Call holding the home's lock: then any server named by its pid files is an orphan of a dead
   * stack.
   */
  static void stopOrphans(Path home) {
    Path run = home.resolve("run");
    String marker = home.toString();
    for (String name : List.of("s3proxy", "dynamodb", "redis")) {
      StaleProcesses.stopIfOrphaned(
          run.resolve(name + ".pid"), StaleProcesses.javaMentioning(marker));
    }
    StaleProcesses.stopIfOrphaned(run.resolve("redis-server.pid"), StaleProcesses.redisServer());
  }
}
