package dev.recon.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories that commands own outright: the demo's home and the bench's work directory. */
public final class LocalHomes {
  private LocalHomes() {}

  /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
  public static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
