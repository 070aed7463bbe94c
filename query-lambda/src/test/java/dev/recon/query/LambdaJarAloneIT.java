package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.local.junit.LambdaJars;
import dev.recon.local.junit.LambdaJars.Invocation;
import dev.recon.local.junit.LambdaJars.Jdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deployable jar alone: {@code query-lambda-*-lambda.jar} as {@code package} left it, its
 * handler resolved from the template's {@code Handler} and run in a child JVM with nothing else on
 * its class path ({@link LambdaJars}), the HTTP API's payload-2.0 fixture events deserialized into
 * {@code APIGatewayV2HTTPEvent} by the Lambda runtime's own serializer and the response serialized
 * back by it, against the embedded stack (index, part-files, Redis) — on the build's JDK and on
 * Temurin 25.
 */
class LambdaJarAloneIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ReconciliationArtifact stored;
  private static ReconciliationArtifact storedForAcme;

  @BeforeAll
  static void storeTheFixturesArtifact() {
    AwsClientFactory clients = STACK.clients();
    stored = TestArtifacts.artifact(new StatelessBatches(3), "order-9F2K", 1, 3);
    for (IndexEntry e : TestArtifacts.writePart(clients.objectStore(), 1, 0, List.of(stored))) {
      clients.artifactIndex().putIfNewer(e);
    }
    // the same id in tenant acme, with other content (2 events), through acme's scoped ports
    AwsClientFactory acme = clients.forTenant(TenantId.of("acme"));
    storedForAcme = TestArtifacts.artifact(new StatelessBatches(4), "order-9F2K", 1, 2);
    for (IndexEntry e : TestArtifacts.writePart(acme.objectStore(), 1, 0, List.of(storedForAcme))) {
      acme.artifactIndex().putIfNewer(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void jar_shouldAnswerTheHttpApiEvents_withTheStoredBytes_onThisJdk(Jdk jdk) throws IOException {
    // GIVEN the artifact order-9F2K indexed and stored (order-0000 is not)
    Path javaHome = jdk.home();
    String handler = LambdaJars.templateHandler("QueryApiFunction");
    Path jar = LambdaJars.lambdaJar("query-lambda");

    // WHEN API Gateway's events for GET /artifacts/order-9F2K and an unknown id reach the jar
    Invocation run =
        LambdaJars.invoke(
            javaHome,
            jar,
            handler,
            List.of(
                fixture("get-artifact.json"),
                fixture("get-unknown.json"),
                fixture("get-tenant-artifact.json"),
                fixture("get-other-tenant.json")),
            LambdaJars.environment(STACK.settings()),
            Duration.ofSeconds(60));

    // THEN on that JDK: 200 with exactly the stored canonical bytes and the API's headers, then 404
    System.out.printf(
        "%s on java %s: exit %d in %d ms%n",
        handler, run.javaVersion(), run.exitCode(), run.took().toMillis());
    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.javaVersion())
        .startsWith(jdk == Jdk.BUILD ? System.getProperty("java.specification.version") : "25");
    JsonNode found = JSON.readTree(run.responses().get(0));
    assertThat(found.get("statusCode").asInt()).isEqualTo(200);
    assertThat(found.get("body").asText())
        .isEqualTo(new String(CanonicalJson.encode(stored), StandardCharsets.UTF_8));
    assertThat(found.get("headers").get("X-Content-Type-Options").asText()).isEqualTo("nosniff");
    assertThat(found.get("headers").get("Content-Type").asText()).startsWith("application/json");
    assertThat(found.get("isBase64Encoded").asBoolean()).isFalse();
    JsonNode unknown = JSON.readTree(run.responses().get(1));
    assertThat(unknown.get("statusCode").asInt()).isEqualTo(404);
    assertThat(unknown.get("body").asText()).contains("unknown artifact");
    // AND acme's role gets acme's artifact on its route, and 403 on globex's
    JsonNode acme = JSON.readTree(run.responses().get(2));
    assertThat(acme.get("statusCode").asInt()).isEqualTo(200);
    assertThat(acme.get("body").asText())
        .isEqualTo(new String(CanonicalJson.encode(storedForAcme), StandardCharsets.UTF_8));
    JsonNode other = JSON.readTree(run.responses().get(3));
    assertThat(other.get("statusCode").asInt()).isEqualTo(403);
  }

  /** A fixture, its roles renamed from environment prod to the stack's (Caller's convention). */
  private static byte[] fixture(String name) {
    try (InputStream in =
        LambdaJarAloneIT.class.getClassLoader().getResourceAsStream("events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace(
              "assumed-role/recon-prod-",
              "assumed-role/recon-" + STACK.settings().environment() + "-")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
