package dev.recon.local.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code moto_server} (moto 5, an independent AWS emulator: S3, DynamoDB, STS, CloudFormation,
 * Step Functions, Secrets Manager, …) per test class, on a free loopback port, killed (SIGKILL)
 * after the class; {@code @Nested} classes share their outer class's server. Register on a static
 * field with {@code @RegisterExtension}; where {@code moto_server} is neither on the PATH nor in
 * {@code ~/.pyenv/shims}, the class is skipped with a message on stderr ({@code pip install
 * "moto[server]"} installs it).
 *
 * <p>Clients reach it with {@link #endpoint()} (any region, credentials {@link #ACCESS_KEY_ID} /
 * {@link #SECRET_ACCESS_KEY}; moto accepts any). {@link #endpoint()} uses the host name {@code
 * localhost}: moto's CloudFormation reads the bucket of a {@code TemplateURL} from its host name
 * unless that contains "localhost" (it would read bucket "127" from {@code 127.0.0.1}).
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY_ID = "motoaccess";
  public static final String SECRET_ACCESS_KEY = "motosecret";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private Process process;
  private int depth;
  private int port;
  private Path log;

  /** {@code moto_server} on the PATH or in {@code ~/.pyenv/shims}, if any. */
  public static Optional<Path> executable() {
    return tool("moto_server");
  }

  /**
   * A command-line tool on the PATH or in {@code ~/.pyenv/shims} (where pyenv puts moto, aws). A
   * pyenv shim is resolved to the executable it would run ({@link #unshimmed}).
   */
  public static Optional<Path> tool(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir :
        (path + java.io.File.pathSeparator + pyenvShims()).split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(unshimmed(p));
      }
    }
    return Optional.empty();
  }

  /**
   * The executable a pyenv shim runs ({@code pyenv which}), else {@code tool} itself. A shim is a
   * bash script that starts pyenv to pick the version on every call: about a second a call on a
   * loaded 2-core machine, which deploy.sh's sixteen AWS CLI calls paid each time.
   */
  static Path unshimmed(Path tool) {
    Path shims = Path.of(pyenvShims());
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "bin", "pyenv");
    if (!shims.equals(tool.getParent()) || !Files.isExecutable(pyenv)) {
      return tool;
    }
    try {
      Process which =
          new ProcessBuilder(pyenv.toString(), "which", tool.getFileName().toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out =
          new String(which.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      if (which.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)
          && which.exitValue() == 0
          && !out.isEmpty()
          && Files.isExecutable(Path.of(out))) {
        return Path.of(out);
      }
    } catch (IOException e) {
      // keep the shim: it works, only slower
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return tool;
  }

  private static String pyenvShims() {
    return Path.of(System.getProperty("user.home"), ".pyenv", "shims").toString();
  }

  /** Skips the calling test (loudly) when {@code name} is not installed; else its path. */
  public static Path requireTool(String name, String install) {
    Optional<Path> p = tool(name);
    if (p.isEmpty()) {
      skipLoudly(
          "SKIPPED: " + name + " not found on the PATH or in ~/.pyenv/shims (" + install + ")");
    }
    return p.get();
  }

  /**
   * Skips the calling test with {@code why}, said on the test's stderr (its report) and on the
   * build console (as {@link DockerAvailable} does), so a skipped check does not vanish silently.
   */
  public static void skipLoudly(String why) {
    String line = "[WARNING] " + why;
    System.err.println(line);
    java.io.PrintStream console =
        new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
    console.print(line + System.lineSeparator() + System.lineSeparator());
    Assumptions.abort(why);
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws Exception {
    if (depth++ > 0) {
      return; // a @Nested class: the outer class's server serves it
    }
    Path exe = requireTool("moto_server", "pip install \"moto[server]\"");
    port = freePort();
    log = Files.createTempFile("moto-server-", ".log");
    process =
        new ProcessBuilder(
                DefaultSignals.command(
                    List.of(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited: " + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("moto_server did not answer in " + START_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws IOException {
    if (--depth > 0) {
      return;
    }
    close();
  }

  private void close() throws IOException {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  /** {@code http://localhost:PORT} (see the class comment for why not 127.0.0.1). */
  public String endpoint() {
    return "http://localhost:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Sets moto's configuration ({@code POST /moto-api/config}), e.g. {@code {"stepfunctions":
   * {"execute_state_machine": true}}} to have Step Functions executions actually run their ASL.
   */
  public void configure(String json) {
    post("/moto-api/config", json);
  }

  /** Forgets every resource (moto's reset API): a clean account for the next test. */
  public void reset() {
    post("/moto-api/reset", "");
  }

  private void post(String path, String body) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (var out = c.getOutputStream()) {
        out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      if (c.getResponseCode() / 100 != 2) {
        throw new IllegalStateException("moto " + path + " answered " + c.getResponseCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/moto-api/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
