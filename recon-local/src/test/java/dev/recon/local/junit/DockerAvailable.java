package dev.recon.local.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a Docker-backed suite where there is no Docker engine, and says so LOUDLY (stderr, which
 * the build log shows, and the skip reason in the test report) rather than letting a whole suite
 * vanish silently.
 */
public final class DockerAvailable implements ExecutionCondition {
  public static final String SKIPPED = "Docker not available: LocalStack suite skipped";

  private static volatile Boolean available;
  private static volatile boolean announced;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("Docker available");
    }
    if (!announced) {
      announced = true;
      String line = "[WARNING] " + SKIPPED + " (" + context.getRequiredTestClass().getName() + ")";
      System.err.println(line); // the test's captured output and report
      // ...and the build console: the surefire/failsafe fork relays its native stderr to the build
      // log.
      java.io.PrintStream console =
          new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
      console.print(
          line + System.lineSeparator() + System.lineSeparator()); // surefire drops one line break
    }
    return ConditionEvaluationResult.disabled(SKIPPED);
  }

  private static boolean isDockerAvailable() {
    Boolean a = available;
    if (a == null) {
      try {
        a = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        a = false;
      }
      available = a;
    }
    return a;
  }
}
