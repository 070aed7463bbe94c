package dev.recon.cli;

import dev.recon.local.EmbeddedStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Embedded stacks kept running across a test's commands ({@link LocalSession#KEPT}): one start per
 * home and test instead of one per command. Register with {@code @RegisterExtension}; every stack
 * is stopped after each test. Suites that test the start and stop of a stack itself do not use it.
 */
final class KeptStacks implements AfterEachCallback {
  private final List<EmbeddedStack> stacks = new ArrayList<>();

  /** Starts {@code home}'s stack, kept for every command on it until the test ends. */
  String home(Path home) {
    Path normalized = home.toAbsolutePath().normalize();
    EmbeddedStack stack = EmbeddedStack.start(normalized);
    stacks.add(stack);
    LocalSession.KEPT.put(normalized, stack);
    return normalized.toString();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (EmbeddedStack stack : stacks) {
      LocalSession.KEPT.values().remove(stack);
      stack.close();
    }
    stacks.clear();
  }
}
