package dev.recon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What an EMR step needs of a Spark job's shaded jar ({@code <module>-<version>-job.jar}, built by
 * the parent's {@code emr-job-jar} shade execution): {@code Main-Class} naming the job's main,
 * which is inside; recon's own code and the AWS SDK inside, the SDK (and Gson, commons-pool2,
 * Reactive Streams) relocated under {@code dev/recon/shaded/} so that the cluster's own SDK v2 (EMR
 * 7 puts one first on the classpath) cannot mix with it; Spark, Jackson core and SLF4J left out
 * (the cluster brings them, and a second copy would clash with Spark's).
 */
public final class JobJars {
  private JobJars() {}

  /** The module's job jar in {@code target/} (failsafe runs after {@code package}). */
  public static Path of(String module) {
    Path target = Path.of("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().startsWith(module + "-"))
              .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
              .toList();
      assertThat(jars).as("one job jar of " + module + " in " + target.toAbsolutePath()).hasSize(1);
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void assertDeployable(Path jar, String mainClass) {
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(mainClass);
      List<String> names = j.stream().map(e -> e.getName()).toList();
      assertThat(names)
          .contains(
              mainClass.replace('.', '/') + ".class",
              "dev/recon/core/model/Event.class",
              "dev/recon/aws/AwsClientFactory.class",
              "dev/recon/shaded/software/amazon/awssdk/services/s3/S3Client.class",
              "dev/recon/shaded/software/amazon/awssdk/services/dynamodb/DynamoDbClient.class");
      assertThat(names)
          .as("no library a cluster may also have under its own name")
          .noneMatch(
              n ->
                  n.endsWith(".class")
                      && (n.startsWith("software/amazon/")
                          || n.startsWith("com/google/gson/")
                          || n.startsWith("org/apache/commons/pool2/")
                          || n.startsWith("org/reactivestreams/")));
      assertThat(names)
          .as("the cluster's own libraries stay out")
          .noneMatch(
              n ->
                  n.startsWith("org/apache/spark/")
                      || n.startsWith("scala/")
                      || n.startsWith("com/fasterxml/jackson/core/")
                      || n.startsWith("org/slf4j/"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
