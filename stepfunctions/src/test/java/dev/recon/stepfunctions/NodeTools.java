package dev.recon.stepfunctions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test helper for the npm tools the build installs into a module's {@code node_modules} (see {@code
 * src/build/npm-ci.sh}): finds {@code node}, skips a test with a message where node or the tools
 * are absent, and runs node scripts. Shared with infrastructure/ through the test-jar.
 */
public final class NodeTools {
  private static volatile Optional<String> nodeVersion;

  private NodeTools() {}

  /**
   * The module directory under test: surefire sets {@code recon.module.dir}; else the working dir.
   */
  public static Path moduleDir() {
    return Path.of(System.getProperty("recon.module.dir", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  /** {@code node --version}, or empty when node is not on the PATH. */
  public static Optional<String> nodeVersion() {
    Optional<String> v = nodeVersion;
    if (v == null) {
      try {
        Result r = run(moduleDir(), null, Duration.ofSeconds(20), List.of("node", "--version"));
        v = r.exitCode() == 0 ? Optional.of(r.stdout().trim()) : Optional.empty();
      } catch (UncheckedIOException e) {
        v = Optional.empty();
      }
      nodeVersion = v;
    }
    return v;
  }

  /** Skips the calling test, with a message, unless node and the npm package are installed. */
  public static void assumeInstalled(Path moduleDir, String npmPackage) {
    assumeTrue(
        nodeVersion().isPresent(),
        "node not found on the PATH: skipping this check (it needs the npm package "
            + npmPackage
            + ")");
    assumeTrue(
        Files.isDirectory(moduleDir.resolve("node_modules").resolve(npmPackage)),
        "npm package "
            + npmPackage
            + " not installed in "
            + moduleDir
            + "/node_modules: skipping; the build installs it (src/build/npm-ci.sh) unless -Dnpm.skip=true");
  }

  /** Runs a command in {@code dir} with {@code RECON_MODULE_DIR=dir}, feeding {@code stdin}. */
  public static Result run(Path dir, String stdin, Duration timeout, List<String> command) {
    try {
      Path out = Files.createTempFile("node-out", ".txt");
      Path err = Files.createTempFile("node-err", ".txt");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(new ArrayList<>(command))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("RECON_MODULE_DIR", dir.toString());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out after " + timeout + ": " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  public record Result(int exitCode, String stdout, String stderr) {}
}
