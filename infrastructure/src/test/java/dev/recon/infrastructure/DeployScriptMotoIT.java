package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.local.junit.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.sh for real against moto_server: every AWS CLI call it makes (identity, the artifact
 * bucket and its settings, the uploads, the stack status, {@code cloudformation deploy}'s template
 * upload and change set) goes to an independent AWS emulator, and the test then reads back what
 * moto holds. moto cannot create this stack: executing the change set fails inside moto on the
 * template's {@code Fn::Cidr} (moto has no {@code Fn::Cidr}; its {@code Fn::Select} then indexes an
 * unevaluated map: HTTP 500), so the run ends there, non-zero, and the test checks everything up to
 * and including the change set. Skipped, with a message, where moto_server or aws is absent.
 *
 * <p>The script runs on a copy of the repository with small stand-in jars (the content-hash keys
 * are checked against them), the real template and the real ASL files, with the AWS CLI found on
 * the PATH or in ~/.pyenv/shims and {@code AWS_ENDPOINT_URL} pointing at moto. No region variable
 * is set: deploy.sh must export one the CLI reads itself.
 */
class DeployScriptMotoIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "eu-west-1";
  private static final String BUCKET = "recon-ci-artifacts-123456789012-" + REGION;

  @Test
  void deployScript_shouldCreateTheBucketUploadEverythingAndTheChangeSet_againstMoto(
      @TempDir Path root) throws Exception {
    // GIVEN a repository copy with stand-in jars, the real template and ASL files, and moto
    Path aws = MotoServer.requireTool("aws", "pip install awscli");
    Map<String, Path> files = repository(root);

    // WHEN deploy.sh runs against moto (the first deploy of environment "ci")
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                root.resolve("infrastructure/deploy.sh").toString(),
                "-e",
                "ci",
                "-r",
                REGION,
                "--skip-build",
                "--",
                "AlarmEmail=ops@example.com")
            .directory(root.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    environment(pb, aws);
    long start = System.nanoTime();
    Process p = pb.start();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("deploy.sh finished").isTrue();
    System.out.printf(
        "deploy.sh against moto: exit %d in %d ms%n",
        p.exitValue(), (System.nanoTime() - start) / 1_000_000);
    String stderr = Files.readString(err);

    // THEN it got as far as moto goes: ExecuteChangeSet fails inside moto (Fn::Cidr), nothing
    // before
    assertThat(p.exitValue()).as(stderr).isNotZero();
    assertThat(stderr)
        .as("the only failure is moto executing the change set")
        .contains("500 Internal Server Error")
        .doesNotContain("NoSuchBucket")
        .doesNotContain("You must specify a region");

    // AND moto holds the private, encrypted, versioned artifact bucket
    assertThat(
            cli(aws, "s3api", "get-bucket-versioning", "--bucket", BUCKET).get("Status").asText())
        .isEqualTo("Enabled");
    assertThat(
            cli(aws, "s3api", "get-bucket-encryption", "--bucket", BUCKET)
                .at(
                    "/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm")
                .asText())
        .isEqualTo("aws:kms");
    JsonNode block =
        cli(aws, "s3api", "get-public-access-block", "--bucket", BUCKET)
            .get("PublicAccessBlockConfiguration");
    assertThat(block.get("BlockPublicAcls").asBoolean()).isTrue();
    assertThat(block.get("RestrictPublicBuckets").asBoolean()).isTrue();

    // AND every jar and ASL file under its content-hash key, byte for byte, plus the template
    Map<String, Long> objects = new TreeMap<>();
    for (JsonNode o : cli(aws, "s3api", "list-objects-v2", "--bucket", BUCKET).get("Contents")) {
      objects.put(o.get("Key").asText(), o.get("Size").asLong());
    }
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<String, Path> f : files.entrySet()) {
      String key = f.getKey().replace("HASH", sha256(f.getValue()).substring(0, 16));
      keys.put(f.getKey(), key);
      assertThat(objects).containsEntry(key, Files.size(f.getValue()));
    }
    assertThat(objects.keySet()).filteredOn(k -> k.startsWith("templates/")).hasSize(1);
    assertThat(objects).hasSize(files.size() + 1);

    // AND the stack's change set carries exactly the keys it uploaded, and the override
    JsonNode sets = cli(aws, "cloudformation", "list-change-sets", "--stack-name", "recon-ci");
    assertThat(sets.get("Summaries")).hasSize(1);
    JsonNode set =
        cli(
            aws,
            "cloudformation",
            "describe-change-set",
            "--stack-name",
            "recon-ci",
            "--change-set-name",
            sets.at("/Summaries/0/ChangeSetId").asText());
    Map<String, String> parameters = new TreeMap<>();
    for (JsonNode prm : set.get("Parameters")) {
      parameters.put(prm.get("ParameterKey").asText(), prm.get("ParameterValue").asText());
    }
    assertThat(parameters)
        .containsEntry("EnvironmentName", "ci")
        .containsEntry("ArtifactBucket", BUCKET)
        .containsEntry("BacklogManagerCodeKey", keys.get("lambdas/backlog-manager-lambda-HASH.jar"))
        .containsEntry("StateIndexerCodeKey", keys.get("lambdas/state-indexer-lambda-HASH.jar"))
        .containsEntry("QueryApiCodeKey", keys.get("lambdas/query-lambda-HASH.jar"))
        .containsEntry("StatelessReducerJarKey", keys.get("jobs/stateless-reducer-HASH.jar"))
        .containsEntry("PrefetcherJarKey", keys.get("jobs/prefetcher-HASH.jar"))
        .containsEntry("StatefulProcessorJarKey", keys.get("jobs/stateful-processor-HASH.jar"))
        .containsEntry("StatelessDefinitionKey", keys.get("definitions/stateless-HASH.asl.json"))
        .containsEntry("StatefulDefinitionKey", keys.get("definitions/stateful-HASH.asl.json"))
        .containsEntry("CycleDefinitionKey", keys.get("definitions/cycle-HASH.asl.json"))
        .containsEntry("AlarmEmail", "ops@example.com");
    // (moto does not echo the change set's Capabilities: CAPABILITY_IAM is not checked here)
  }

  /**
   * The repository copy; returns each uploaded file by its expected key ({@code HASH} = the first
   * 16 hex digits of its SHA-256).
   */
  private static Map<String, Path> repository(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Files.createDirectories(root.resolve("infrastructure"));
    Files.copy(TemplateTest.MODULE.resolve("deploy.sh"), root.resolve("infrastructure/deploy.sh"));
    Files.copy(
        TemplateTest.MODULE.resolve("template.yaml"), root.resolve("infrastructure/template.yaml"));
    Path machines =
        Files.createDirectories(root.resolve("stepfunctions/src/main/resources/statemachines"));
    Path sources =
        TemplateTest.MODULE.resolveSibling("stepfunctions/src/main/resources/statemachines");
    for (String m : List.of("stateless", "stateful", "cycle")) {
      Path f = Files.copy(sources.resolve(m + ".asl.json"), machines.resolve(m + ".asl.json"));
      files.put("definitions/" + m + "-HASH.asl.json", f);
    }
    for (String m : List.of("backlog-manager-lambda", "state-indexer-lambda", "query-lambda")) {
      Path f =
          Files.writeString(
              Files.createDirectories(root.resolve(m + "/target")).resolve(m + "-0.1.0-lambda.jar"),
              "stand-in for " + m);
      files.put("lambdas/" + m + "-HASH.jar", f);
    }
    for (String m : List.of("stateless-reducer", "prefetcher", "stateful-processor")) {
      Path f =
          Files.writeString(
              Files.createDirectories(root.resolve(m + "/target")).resolve(m + "-0.1.0-job.jar"),
              "stand-in for " + m);
      files.put("jobs/" + m + "-HASH.jar", f);
    }
    return files;
  }

  /** The CLI's environment: moto's endpoint and credentials, no region, no profile files. */
  private static void environment(ProcessBuilder pb, Path aws) {
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("PATH", aws.getParent() + ":" + System.getenv("PATH"));
    env.put("AWS_ENDPOINT_URL", MOTO.endpoint());
    env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  }

  /** One AWS CLI call against moto, its JSON output parsed. */
  private static JsonNode cli(Path aws, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(aws.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--region", REGION, "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    environment(pb, aws);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + new String(output)).isZero();
    return JSON.readTree(output);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
