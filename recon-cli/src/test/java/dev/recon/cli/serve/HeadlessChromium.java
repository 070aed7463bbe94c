package dev.recon.cli.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, run as a child process per page: {@code --dump-dom}
 * prints the DOM after the page loaded, {@code --screenshot} writes a PNG. Install it with {@code
 * scripts/install-test-deps.sh}; tests skip where it is absent.
 */
public final class HeadlessChromium {
  static final long TIMEOUT_SECONDS = 90;

  /** Hermetic: no first-run UI, sync, component updates, QUIC or proxy; no GPU; works as root. */
  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--no-proxy-server",
          "--hide-scrollbars",
          "--window-size=1280,900");

  private final Path binary;
  private final Path workDir;

  private HeadlessChromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** The browser, if installed ({@code chromium} or {@code chromium-browser} on the PATH). */
  public static Optional<HeadlessChromium> find(Path workDir) {
    for (String name : List.of("chromium", "chromium-browser")) {
      try {
        Process p =
            new ProcessBuilder("sh", "-c", "command -v " + name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
          return Optional.of(new HeadlessChromium(Path.of(out), workDir));
        }
      } catch (IOException e) {
        return Optional.empty(); // no shell: no browser either
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The serialized DOM of {@code url} once loaded. */
  public String dumpDom(URI url) {
    Path out = workDir.resolve("dom-" + System.nanoTime() + ".html");
    run(out, List.of("--dump-dom", url.toString()));
    return read(out);
  }

  /** A PNG of {@code url} at 1280x900, written to {@code png}. */
  public void screenshot(URI url, Path png) {
    run(
        workDir.resolve("screenshot-" + System.nanoTime() + ".log"),
        List.of("--screenshot=" + png.toAbsolutePath(), url.toString()));
  }

  /**
   * Both in one browser run (one start-up instead of two): the serialized DOM of {@code url} once
   * loaded, and its PNG at 1280x900 written to {@code png}.
   */
  public String dumpDomAndScreenshot(URI url, Path png) {
    Path out = workDir.resolve("dom-" + System.nanoTime() + ".html");
    run(out, List.of("--dump-dom", "--screenshot=" + png.toAbsolutePath(), url.toString()));
    return read(out);
  }

  private void run(Path stdout, List<String> args) {
    Path stderr = workDir.resolve("chromium-" + System.nanoTime() + ".err");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    // A profile per run: no state shared between runs or with a user's browser.
    command.add("--user-data-dir=" + workDir.resolve("profile-" + System.nanoTime()));
    command.addAll(args);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            "chromium did not finish within " + TIMEOUT_SECONDS + " s: " + tail(stderr));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("chromium exited with " + p.exitValue() + ": " + tail(stderr));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    String all = read(file);
    return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
  }
}
