package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildClasspathTest {

  @Test
  void read_shouldListExistingJarsWithoutExcludedBackends_whenS3ProxyClasspathGenerated() {
    List<Path> cp = ChildClasspath.read("s3proxy");

    assertThat(cp)
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("s3proxy-4.1.0"));
    assertThat(cp).allSatisfy(p -> assertThat(p).exists());
    assertThat(cp)
        .map(Path::toString)
        .noneMatch(
            p ->
                p.contains("/com/google/cloud/")
                    || p.contains("/com/azure/")
                    || p.contains("openstack4j")
                    || p.contains("/org/apache/sshd/")
                    || p.contains("/io/grpc/"));
  }

  @Test
  void read_shouldIncludeDynamoDbLocalAndItsNativeLibraries_whenGenerated() {
    List<Path> cp = ChildClasspath.read("dynamodb-local");

    assertThat(cp)
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("DynamoDBLocal-2.6.1"));
    assertThat(cp)
        .anySatisfy(
            p -> assertThat(p.getFileName().toString()).startsWith("libsqlite4java-linux-amd64"));
  }

  @Test
  void read_shouldFailWithHint_whenResourceMissing() {
    assertThatThrownBy(() -> ChildClasspath.read("no-such-server"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build recon-local");
  }

  @Test
  void serverLibraries_shouldNotLeakOntoThisModulesClasspath_whenConsumersDependOnRecon() {
    // recon-local's test classpath contains everything a consumer would get from it.
    ClassLoader cl = ChildClasspathTest.class.getClassLoader();

    assertThat(cl.getResource("org/gaul/s3proxy/Main.class")).isNull();
    assertThat(cl.getResource("com/amazonaws/services/dynamodbv2/local/main/ServerRunner.class"))
        .isNull();
  }
}
