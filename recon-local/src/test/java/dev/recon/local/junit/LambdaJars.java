package dev.recon.local.junit;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import dev.recon.core.config.ReconSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a module's shaded Lambda jar as deployed, alone: in a child JVM (the build's JDK or another
 * one, such as the Temurin 25 beside it) through {@link LambdaJarRunner}, with only that runner and
 * the Lambda runtime's serializer on the class path and the function's {@code RECON_*} environment.
 * Published in recon-local's test-jar; a module using it also declares {@code
 * com.amazonaws:aws-lambda-java-serialization} (test scope).
 *
 * <p>Why a child JVM even on the build's own JDK: the handlers' public constructors read the
 * process environment, which a JVM cannot change for itself, and a fresh JVM is what a Lambda cold
 * start is.
 */
public final class LambdaJars {
  /** Where Debian's Temurin packages put JDK 25 (../shared/PLATFORM.md). */
  public static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private LambdaJars() {}

  /**
   * What one child JVM gave: the runner's exit code, per event the response bytes (or Lambda's
   * error JSON, when the handler threw), the child's log and its wall time.
   */
  public record Invocation(
      int exitCode, List<byte[]> responses, List<String> errors, String log, Duration took) {
    /** Response {@code i} as text ({@code null} when the handler threw on it). */
    public String responseText(int i) {
      byte[] r = responses.get(i);
      return r == null ? null : new String(r, StandardCharsets.UTF_8);
    }

    /** The Java version the child reported (first stderr line of the runner). */
    public String javaVersion() {
      for (String line : log.split("\n")) {
        if (line.startsWith("lambda-jar-runner: java ")) {
          return line.substring("lambda-jar-runner: java ".length()).split(" ")[0];
        }
      }
      return "?";
    }
  }

  /** The one {@code <artifactId>-*-lambda.jar} in the module's {@code target/} (failsafe's cwd). */
  public static Path lambdaJar(String artifactId) {
    Path target = Path.of("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().startsWith(artifactId + "-"))
              .filter(p -> p.getFileName().toString().endsWith("-lambda.jar"))
              .toList();
      if (jars.size() != 1) {
        throw new IllegalStateException(
            "expected one "
                + artifactId
                + "-*-lambda.jar in "
                + target.toAbsolutePath()
                + " (run after `package`), found "
                + jars);
      }
      return jars.get(0).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's CloudFormation template, seen from a module directory (failsafe's cwd). */
  public static final Path TEMPLATE = Path.of("..", "infrastructure", "template.yaml");

  /**
   * The {@code Handler} of the function resource {@code logicalId} in the template, and that it
   * runs on {@code java21} (what the runs on the JDKs here stand in for).
   */
  public static String templateHandler(String logicalId) {
    List<String> lines;
    try {
      lines = Files.readAllLines(TEMPLATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String handler = null;
    String runtime = null;
    boolean inside = false;
    for (String line : lines) {
      if (line.matches("^  [A-Za-z0-9]+:\\s*$")) {
        inside = line.trim().equals(logicalId + ":");
      } else if (inside && line.matches("^      Handler:.*")) {
        handler = line.substring(line.indexOf(':') + 1).trim();
      } else if (inside && line.matches("^      Runtime:.*")) {
        runtime = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    if (handler == null) {
      throw new IllegalStateException("no Handler on " + logicalId + " in " + TEMPLATE);
    }
    if (!"java21".equals(runtime)) {
      throw new IllegalStateException(
          logicalId + " runs on " + runtime + ", not java21: revisit the JDKs these runs use");
    }
    return handler;
  }

  /**
   * The JDKs a jar is run on: the build's (17, the bytecode level) and Temurin 25 (the newest here,
   * the closest above the template's {@code java21}); together they bracket the runtime.
   * Parameterize a test with {@code @EnumSource(LambdaJars.Jdk.class)}.
   */
  public enum Jdk {
    BUILD,
    TEMURIN_25;

    /** This JDK's home; for an absent Temurin 25 the test is skipped, saying so on stderr. */
    public Path home() {
      if (this == BUILD) {
        return currentJdk();
      }
      Optional<Path> t = temurin25();
      if (t.isEmpty()) {
        String why =
            "SKIPPED: no Temurin 25 JDK at "
                + TEMURIN_25
                + ": the Lambda jar is not run on a JDK newer than the build's (install"
                + " temurin-25-jdk to run it)";
        MotoServer.skipLoudly(why);
      }
      return t.get();
    }
  }

  /** The build's JDK (the one running the tests). */
  public static Path currentJdk() {
    return Path.of(System.getProperty("java.home"));
  }

  /**
   * Temurin 25, when installed: the newest JDK on these machines, the closest one above the
   * template's {@code java21} runtime (no JDK 21 is installed here).
   */
  public static Optional<Path> temurin25() {
    return Files.isExecutable(TEMURIN_25.resolve("bin/java"))
        ? Optional.of(TEMURIN_25)
        : Optional.empty();
  }

  /**
   * The function's environment for the given settings, as the template sets it (plus the local
   * endpoints and static credentials of the stack under test).
   */
  public static Map<String, String> environment(ReconSettings s) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ReconSettings.ENVIRONMENT, s.environment());
    env.put(ReconSettings.REGION, s.region());
    env.put(ReconSettings.BUCKET, s.bucket());
    env.put(ReconSettings.PREFIX, s.prefix());
    env.put(ReconSettings.INDEX_TABLE, s.indexTable());
    env.put(ReconSettings.LEDGER_TABLE, s.ledgerTable());
    putIfSet(env, ReconSettings.S3_ENDPOINT, s.s3Endpoint());
    putIfSet(env, ReconSettings.DYNAMODB_ENDPOINT, s.dynamoDbEndpoint());
    putIfSet(env, ReconSettings.ACCESS_KEY_ID, s.accessKeyId());
    putIfSet(env, ReconSettings.SECRET_ACCESS_KEY, s.secretAccessKey());
    putIfSet(env, ReconSettings.REDIS_URI, s.redisUri());
    putIfSet(env, ReconSettings.REDIS_AUTH_TOKEN, s.redisAuthToken());
    putIfSet(env, ReconSettings.REDIS_AUTH_SECRET_ARN, s.redisAuthSecretArn());
    return env;
  }

  private static void putIfSet(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }

  /**
   * Starts one execution environment for {@code handler} (the template's {@code Handler} string) of
   * {@code jar} on the JDK at {@code javaHome} and hands it {@code events} in order: a child JVM
   * whose environment is only {@code env} plus what Lambda itself sets ({@code AWS_REGION}, {@code
   * AWS_LAMBDA_FUNCTION_NAME}, {@code TZ}), started with the JVM options the managed Java runtimes
   * use for a fast cold start (C1 only, serial GC). Each event gets a deadline of {@code timeout};
   * the child is killed (SIGKILL) if it outlives all of them by 30 s.
   */
  public static Invocation invoke(
      Path javaHome,
      Path jar,
      String handler,
      List<byte[]> events,
      Map<String, String> env,
      Duration timeout) {
    Path work = null;
    try {
      work = Files.createTempDirectory("lambda-jar-run-");
      Path classes = runnerClasses(work);
      Path log = work.resolve("child.log");
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin/java").toString());
      command.add("-XX:+TieredCompilation");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-XX:+UseSerialGC");
      command.add("-Xmx512m");
      command.add("-cp");
      command.add(classes + java.io.File.pathSeparator + serializerJar());
      command.add(LambdaJarRunner.class.getName());
      command.add(jar.toString());
      command.add(handler);
      command.add(Long.toString(timeout.toMillis()));
      command.add(work.toString());
      for (int i = 0; i < events.size(); i++) {
        command.add(Files.write(work.resolve("event-" + i + ".json"), events.get(i)).toString());
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.environment()
          .putIfAbsent("AWS_REGION", env.getOrDefault(ReconSettings.REGION, "us-east-1"));
      pb.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", handler.split("::")[0]);
      pb.environment().put("TZ", ":UTC");
      long start = System.nanoTime();
      Process p = pb.start();
      long limit = timeout.toMillis() * Math.max(1, events.size()) + 30_000;
      boolean done = p.waitFor(limit, TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly().waitFor();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String text = Files.readString(log);
      if (!done) {
        throw new IllegalStateException(
            "Lambda jar " + jar.getFileName() + " did not finish in " + limit + " ms:\n" + text);
      }
      List<byte[]> responses = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        Path r = work.resolve("response-" + i + ".json");
        Path e = work.resolve("error-" + i + ".json");
        responses.add(Files.exists(r) ? Files.readAllBytes(r) : null);
        errors.add(Files.exists(e) ? Files.readString(e) : null);
      }
      return new Invocation(p.exitValue(), responses, errors, text, took);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (work != null) {
        deleteRecursively(work);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing the test for
    }
  }

  /** A class path of exactly the runner's class file (not the test-jar it comes from). */
  private static Path runnerClasses(Path work) throws IOException {
    String resource = LambdaJarRunner.class.getName().replace('.', '/') + ".class";
    Path target = work.resolve("classes").resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = LambdaJarRunner.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the test class path");
      }
      Files.copy(in, target);
    }
    return work.resolve("classes");
  }

  private static Path serializerJar() {
    try {
      return Path.of(
          PojoSerializer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
