package dev.recon.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a Redis server binary that works on a fresh machine with nothing but Maven Central: the one
 * for this platform inside the embedded-redis jar (copied out into the stack's home), else an
 * installed {@code redis-server}. The bundled one wins so every machine runs the same Redis and
 * reads the same on-disk format.
 */
public final class RedisBinary {
  private RedisBinary() {}

  /** The resource name of the bundled binary for this OS and CPU, if embedded-redis has one. */
  static Optional<String> bundledResource(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
    if (os.contains("linux")) {
      if (x64) {
        return Optional.of("redis-server-6.2.6-v5-linux-amd64");
      }
      if (arm64) {
        return Optional.of("redis-server-6.2.7-linux-arm64");
      }
      if (x86) {
        return Optional.of("redis-server-6.2.7-linux-386");
      }
    } else if (os.contains("mac") || os.contains("darwin")) {
      if (x64) {
        return Optional.of("redis-server-6.2.6-v5-darwin-amd64");
      }
      if (arm64) {
        return Optional.of("redis-server-6.2.6-v5-darwin-arm64");
      }
    } else if (os.contains("windows") && x64) {
      return Optional.of("redis-server-5.0.14.1-windows-amd64.exe");
    }
    return Optional.empty();
  }

  /** Copies the bundled binary into {@code binDir} (once) or falls back to an installed one. */
  public static Path locate(Path binDir) {
    Optional<String> resource =
        bundledResource(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (resource.isPresent()) {
      Optional<Path> extracted = extract(resource.get(), binDir);
      if (extracted.isPresent()) {
        return extracted.get();
      }
    }
    return onSystem()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Redis server for "
                        + System.getProperty("os.name")
                        + "/"
                        + System.getProperty("os.arch")
                        + ": embedded-redis has no bundled binary for it and none is installed in "
                        + SYSTEM_LOCATIONS
                        + "; pass one with EmbeddedStack.builder(home).redisServer(path)"));
  }

  private static Optional<Path> extract(String resource, Path binDir) {
    java.net.URL url = RedisBinary.class.getClassLoader().getResource(resource);
    if (url == null) {
      return Optional.empty();
    }
    try {
      java.net.URLConnection conn = url.openConnection();
      long size = conn.getContentLengthLong();
      Path target = binDir.resolve(resource);
      if (size > 0 && Files.isExecutable(target) && Files.size(target) == size) {
        return Optional.of(target); // extracted by an earlier start
      }
      Files.createDirectories(binDir);
      Path tmp = Files.createTempFile(binDir, resource, ".tmp");
      try (InputStream in = conn.getInputStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (!tmp.toFile().setExecutable(true, true)) {
          throw new IOException("cannot make " + tmp + " executable");
        }
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource + " into " + binDir, e);
    }
  }

  /**
   * Well-known install locations rather than a PATH search: recon reads no environment variables
   * outside {@code ReconSettings}.
   */
  static final java.util.List<Path> SYSTEM_LOCATIONS =
      java.util.List.of(
          Path.of("/usr/bin/redis-server"),
          Path.of("/usr/local/bin/redis-server"),
          Path.of("/opt/homebrew/bin/redis-server"));

  private static Optional<Path> onSystem() {
    return SYSTEM_LOCATIONS.stream().filter(Files::isExecutable).findFirst();
  }
}
