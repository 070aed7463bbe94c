package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar ({@code backlog-manager-lambda-<version>-lambda.jar}, shaded at {@code
 * package}; failsafe runs after it): the handler and what it needs are inside, and nothing of the
 * Spark jobs. The backlog manager once reached the reducer's manifest through the reducer module,
 * which dragged recon-spark, the CloudWatch Logs SDK and the Olist converter into the Lambda.
 */
class LambdaJarIT {
  private static final Predicate<String> FORBIDDEN =
      n ->
          n.startsWith("org/apache/spark/")
              || n.startsWith("dev/recon/spark/")
              || n.startsWith("software/amazon/awssdk/services/cloudwatchlogs/")
              || n.startsWith("dev/recon/tools/")
              || Stream.of(n.split("/"))
                  .anyMatch(s -> s.toLowerCase(Locale.ROOT).startsWith("olist"));

  @Test
  void lambdaJar_shouldCarryTheHandler_andNoSparkReconSparkCloudWatchLogsOrOlistClass()
      throws IOException {
    // GIVEN the shaded Lambda jar in target/
    Path jar = lambdaJar();

    // WHEN its entries are listed
    List<String> names;
    try (JarFile j = new JarFile(jar.toFile())) {
      names = j.stream().map(e -> e.getName()).toList();
    }

    // THEN the handler and the contracts it reads are inside, and nothing of the Spark jobs
    assertThat(names)
        .filteredOn(FORBIDDEN)
        .as("Spark, recon-spark, CloudWatch Logs SDK or Olist classes in " + jar)
        .isEmpty();
    assertThat(names)
        .contains(
            "dev/recon/backlog/BacklogHandler.class",
            "dev/recon/core/contract/StatelessManifest.class",
            "dev/recon/aws/AwsClientFactory.class");
  }

  private static Path lambdaJar() throws IOException {
    Path target = Path.of("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().startsWith("backlog-manager-lambda-"))
              .filter(p -> p.getFileName().toString().endsWith("-lambda.jar"))
              .toList();
      assertThat(jars).as("one Lambda jar in " + target.toAbsolutePath()).hasSize(1);
      return jars.get(0);
    }
  }
}
