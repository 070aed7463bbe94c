package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.local.junit.LambdaJars;
import dev.recon.local.junit.LambdaJars.Invocation;
import dev.recon.local.junit.LambdaJars.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deployable jar alone: {@code backlog-manager-lambda-*-lambda.jar} as {@code package} left it,
 * in a child JVM with nothing else on its class path ({@link LambdaJars}), handler resolved from
 * the template's {@code Handler}, built by its no-argument constructor from the {@code RECON_*}
 * environment, against the embedded stack — on the build's JDK and on Temurin 25.
 */
class LambdaJarAloneIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final List<AwsClientFactory> FACTORIES =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterAll
  static void close() {
    FACTORIES.forEach(AwsClientFactory::close);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void jar_shouldRegisterTheNotifiedInputs_andPlanThem_onThisJdk(Jdk jdk) throws IOException {
    // GIVEN an environment of its own (prefix, tables) with the fixture's two objects landed
    Path javaHome = jdk.home();
    String env = "jar" + jdk.name().toLowerCase(Locale.ROOT).replace("_", "");
    AwsClientFactory clients = environment(env);
    clients.objectStore().put("input/2026/11/22/00/batch-0.jsonl", "{}\n".getBytes());
    clients.objectStore().put("input/2026/11/22/01/batch 1=retry.jsonl", "{}\n".getBytes());
    String handler = LambdaJars.templateHandler("BacklogManagerFunction");
    Path jar = LambdaJars.lambdaJar("backlog-manager-lambda");
    byte[] notification =
        new String(Fixtures.bytes("s3-put-notification.json"), StandardCharsets.UTF_8)
            .replace("\"local/input/", "\"" + env + "/input/")
            .getBytes(StandardCharsets.UTF_8);

    // WHEN S3's notification, then the workflow's planStateless task, reach the jar's handler
    // (one execution environment, two invocations)
    Invocation run =
        invoke(
            javaHome,
            jar,
            handler,
            List.of(
                notification, "{\"action\":\"planStateless\"}".getBytes(StandardCharsets.UTF_8)),
            clients.settings());

    // THEN it ran on that JDK, registered the two inputs of our bucket and prefix (and rejected
    // the other three records), and planned both into one stateless batch
    assertThat(run.javaVersion())
        .startsWith(jdk == Jdk.BUILD ? System.getProperty("java.specification.version") : "25");
    JsonNode r = BacklogJson.mapper().readTree(run.responses().get(0));
    assertThat(r.get("registered"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "input/2026/11/22/00/batch-0.jsonl", "input/2026/11/22/01/batch 1=retry.jsonl");
    assertThat(r.get("rejected")).hasSize(3);
    assertThat(clients.batchLedger().list(BatchKind.INPUT)).hasSize(2);
    JsonNode p = BacklogJson.mapper().readTree(run.responses().get(1));
    assertThat(p.get("planned").asBoolean()).isTrue();
    assertThat(p.get("inputs")).hasSize(2);
    long batch = p.get("statelessBatch").asLong();
    assertThat(clients.batchLedger().list(BatchKind.STATELESS))
        .extracting(LedgerRecord::sequence)
        .containsExactly(batch);
  }

  private static Invocation invoke(
      Path javaHome, Path jar, String handler, List<byte[]> events, ReconSettings settings) {
    Invocation i =
        LambdaJars.invoke(
            javaHome,
            jar,
            handler,
            events,
            LambdaJars.environment(settings),
            Duration.ofSeconds(60));
    System.out.printf(
        "%s on java %s: exit %d in %d ms%n",
        handler, i.javaVersion(), i.exitCode(), i.took().toMillis());
    assertThat(i.exitCode()).as(i.log()).isZero();
    return i;
  }

  private static AwsClientFactory environment(String name) {
    ReconSettings s =
        STACK.settings().toBuilder()
            .environment(name)
            .prefix(name)
            .indexTable(null)
            .ledgerTable(null)
            .build();
    AwsClientFactory clients = new AwsClientFactory(s);
    FACTORIES.add(clients);
    ReconTables.ensureAll(clients);
    return clients;
  }
}
