package dev.recon.local.junit;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.local.EmbeddedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link EmbeddedStack} per test class, on a fresh temporary home that is deleted afterwards.
 * Published in recon-local's test-jar for other modules' integration tests.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.recon</groupId><artifactId>recon-local</artifactId>
 *   <version>${project.version}</version><type>test-jar</type><scope>test</scope>
 * </dependency>
 * <!-- plus recon-local itself (scope test) for EmbeddedStack and its classpath files -->
 *
 * class PrefetcherIT {
 *   @RegisterExtension
 *   static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
 *
 *   @Test
 *   void prefetch_shouldReadIndexedArtifacts_whenCacheIsCold() {
 *     ObjectStore store = STACK.clients().objectStore();
 *     ReconSettings settings = STACK.settings(); // e.g. for Spark's fs.s3a.* options
 *     ...
 *   }
 *
 *   // or let JUnit inject EmbeddedStack, ReconSettings or AwsClientFactory parameters:
 *   @Test
 *   void other(ReconSettings settings, AwsClientFactory clients) { ... }
 * }
 * }</pre>
 *
 * <p>Register it on a <b>static</b> field: the stack starts before the first test of the class and
 * stops after the last (nested classes share their outer class's stack). Tests within a class share
 * the bucket, tables and Redis, so give keys and ids a per-test prefix. {@link
 * #withSettings(ReconSettings)} sets environment, bucket, tables or cache limits; {@link
 * #keepHome()} keeps the home directory (logs!) for debugging.
 */
public final class EmbeddedStackExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private ReconSettings base = ReconSettings.builder().build();
  private boolean keepHome;
  private int depth;
  private Path home;
  private EmbeddedStack stack;

  /** Settings the stack starts from (it substitutes its endpoints, credentials and Redis URI). */
  public EmbeddedStackExtension withSettings(ReconSettings base) {
    this.base = Objects.requireNonNull(base, "base");
    return this;
  }

  /** Keep the temporary home (with the servers' logs) after the tests. */
  public EmbeddedStackExtension keepHome() {
    this.keepHome = true;
    return this;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws IOException {
    if (depth++ > 0) {
      return; // a @Nested class: reuse the outer class's stack
    }
    home = Files.createTempDirectory("recon-stack-");
    stack = EmbeddedStack.builder(home).settings(base).start();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--depth > 0) {
      return;
    }
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      stack = null;
      if (home != null && !keepHome) {
        deleteRecursively(home);
      }
    }
  }

  /** The running stack. */
  public EmbeddedStack stack() {
    if (stack == null) {
      throw new IllegalStateException(
          "no embedded stack running: register EmbeddedStackExtension on a static field with @RegisterExtension");
    }
    return stack;
  }

  public ReconSettings settings() {
    return stack().settings();
  }

  /** The stack's client factory (closed with the stack; do not close it yourself). */
  public AwsClientFactory clients() {
    return stack().clients();
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == EmbeddedStack.class
        || type == ReconSettings.class
        || type == AwsClientFactory.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    if (type == EmbeddedStack.class) {
      return stack();
    }
    return type == ReconSettings.class ? settings() : clients();
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
