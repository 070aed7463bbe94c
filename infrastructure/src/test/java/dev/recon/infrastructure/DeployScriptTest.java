package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recon.stepfunctions.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy.sh is valid shell and passes the template exactly the parameters it declares. */
class DeployScriptTest {
  private static final Path SCRIPT = TemplateTest.MODULE.resolve("deploy.sh");

  private static boolean onPath(String tool) {
    try {
      return NodeTools.run(
                  TemplateTest.MODULE,
                  null,
                  Duration.ofSeconds(10),
                  List.of("sh", "-c", "command -v " + tool))
              .exitCode()
          == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void deployScript_shouldBeValidBash_whenParsed() {
    assumeTrue(onPath("bash"), "bash not found: skipping the deploy.sh checks");
    NodeTools.Result r =
        NodeTools.run(
            TemplateTest.MODULE,
            null,
            Duration.ofSeconds(30),
            List.of("bash", "-n", SCRIPT.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.isExecutable(SCRIPT)).isTrue();
  }

  @Test
  void deployScript_shouldBeShellcheckClean_whenShellcheckIsInstalled() {
    assumeTrue(onPath("shellcheck"), "shellcheck not found: skipping the lint of deploy.sh");
    NodeTools.Result r =
        NodeTools.run(
            TemplateTest.MODULE,
            null,
            Duration.ofSeconds(60),
            List.of(
                "shellcheck",
                SCRIPT.toString(),
                TemplateTest.MODULE
                    .resolve("../stepfunctions/src/build/npm-ci.sh")
                    .normalize()
                    .toString()));
    assertThat(r.exitCode()).as(r.stdout()).isZero();
  }

  @Test
  void deployScript_shouldPassEveryRequiredParameter_whenDryRun() {
    assumeTrue(
        onPath("bash") && onPath("sha256sum"),
        "bash or sha256sum not found: skipping the deploy.sh dry run");
    // WHEN deploy.sh prints the commands it would run
    NodeTools.Result r =
        NodeTools.run(
            TemplateTest.MODULE,
            null,
            Duration.ofSeconds(60),
            List.of(
                "bash",
                SCRIPT.toString(),
                "-e",
                "ci",
                "-r",
                "eu-west-1",
                "-s",
                "rate(10 minutes)",
                "--skip-build",
                "--dry-run",
                "--",
                "RedisNodeCount=3"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String deploy =
        r.stdout()
            .lines()
            .filter(l -> l.startsWith("+ aws cloudformation deploy"))
            .findFirst()
            .orElseThrow();
    Map<String, String> passed = overrides(deploy);

    // THEN every parameter without a default is passed, and nothing the template lacks
    Set<String> declared = TemplateChecks.names(TemplateTest.TEMPLATE.parameters());
    List<String> required = new ArrayList<>();
    declared.forEach(
        p -> {
          if (!TemplateTest.TEMPLATE.parameters().path(p).has("Default")) {
            required.add(p);
          }
        });
    assertThat(passed.keySet()).containsAll(required).isSubsetOf(declared);
    assertThat(passed)
        .containsEntry("EnvironmentName", "ci")
        .containsEntry("ScheduleExpression", "rate(10 minutes)")
        .containsEntry("RedisNodeCount", "3");
    // AND the state machines get the stepfunctions/ files, stored under their content hash
    assertThat(passed.get("StatelessDefinitionKey"))
        .matches("definitions/stateless-[0-9a-f]{16}\\.asl\\.json");
    assertThat(passed.get("StatefulDefinitionKey"))
        .matches("definitions/stateful-[0-9a-f]{16}\\.asl\\.json");
    assertThat(passed.get("CycleDefinitionKey"))
        .matches("definitions/cycle-[0-9a-f]{16}\\.asl\\.json");
    assertThat(r.stderr())
        .contains(
            "stepfunctions/src/main/resources/statemachines/stateless.asl.json",
            "stepfunctions/src/main/resources/statemachines/cycle.asl.json");
  }

  /** The Key=value words after --parameter-overrides, un-escaped from bash's printf %q. */
  private static Map<String, String> overrides(String command) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] words = command.split("(?<!\\\\) ");
    boolean inside = false;
    for (String w : words) {
      if (w.equals("--parameter-overrides")) {
        inside = true;
      } else if (w.startsWith("--")) {
        inside = false;
      } else if (inside) {
        String word = w.replaceAll("\\\\(.)", "$1");
        int eq = word.indexOf('=');
        out.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return out;
  }

  /**
   * Runs a copy of deploy.sh (not a dry run) in a fake repository with built jars, against a stub
   * {@code aws} that logs each call, answers describe-stacks' status with {@code status}, and knows
   * the tables named in {@code tables} (space-separated) to describe-table.
   */
  private static Run deployAgainstStub(Path root, String status, String tables, String... extraArgs)
      throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("infrastructure"));
    Files.copy(SCRIPT, root.resolve("infrastructure/deploy.sh"));
    Files.copy(
        TemplateTest.MODULE.resolve("template.yaml"), root.resolve("infrastructure/template.yaml"));
    Path machines =
        Files.createDirectories(root.resolve("stepfunctions/src/main/resources/statemachines"));
    Files.writeString(machines.resolve("stateless.asl.json"), "{}");
    Files.writeString(machines.resolve("stateful.asl.json"), "{}");
    Files.writeString(machines.resolve("cycle.asl.json"), "{}");
    for (String m : List.of("backlog-manager-lambda", "state-indexer-lambda", "query-lambda")) {
      Files.writeString(
          Files.createDirectories(root.resolve(m + "/target")).resolve(m + "-0.1.0-lambda.jar"), m);
    }
    for (String m : List.of("stateless-reducer", "prefetcher", "stateful-processor")) {
      Files.writeString(
          Files.createDirectories(root.resolve(m + "/target")).resolve(m + "-0.1.0-job.jar"), m);
    }
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path log = root.resolve("aws.log");
    Path aws = bin.resolve("aws");
    Files.writeString(
        aws,
        """
        #!/usr/bin/env bash
        echo "$*" >>"$STUB_AWS_LOG"
        case "$1 $2" in
          "sts get-caller-identity") echo 123456789012 ;;
          "cloudformation describe-stacks") [[ "$*" == *StackStatus* ]] && echo "$STUB_STACK_STATUS" ;;
          "dynamodb describe-table") [[ " $STUB_TABLES " == *" $4 "* ]] || exit 254 ;;
        esac
        exit 0
        """);
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                root.resolve("infrastructure/deploy.sh").toString(),
                "-e",
                "ci",
                "-r",
                "eu-west-1",
                "--skip-build"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectOutput(root.resolve("out.txt").toFile())
            .redirectError(root.resolve("err.txt").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("STUB_AWS_LOG", log.toString());
    pb.environment().put("STUB_STACK_STATUS", status);
    pb.environment().put("STUB_TABLES", tables);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return new Run(p.exitValue(), calls, Files.readString(root.resolve("err.txt")));
  }

  private record Run(int exitCode, List<String> calls, String stderr) {
    int indexOf(String prefix) {
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).startsWith(prefix)) {
          return i;
        }
      }
      return -1;
    }
  }

  @Test
  void deployScript_shouldDeleteAndRecreateTheStack_whenItsFirstCreateRolledBack(@TempDir Path root)
      throws Exception {
    assumeTrue(
        onPath("bash") && onPath("sha256sum"),
        "bash or sha256sum not found: skipping the deploy.sh stub run");
    // WHEN the stack is in ROLLBACK_COMPLETE (no overrides after --: the empty-array path under set
    // -u)
    Run r = deployAgainstStub(root, "ROLLBACK_COMPLETE", "");

    // THEN it says so, deletes the stack, waits for the deletion, and only then deploys
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr())
        .contains("stack recon-ci is in ROLLBACK_COMPLETE")
        .contains("deleting it");
    int delete = r.indexOf("cloudformation delete-stack --stack-name recon-ci");
    int wait = r.indexOf("cloudformation wait stack-delete-complete --stack-name recon-ci");
    int deploy = r.indexOf("cloudformation deploy --stack-name recon-ci");
    assertThat(delete).as(String.join("\n", r.calls())).isNotNegative();
    assertThat(wait).isGreaterThan(delete);
    assertThat(deploy).isGreaterThan(wait);
  }

  @Test
  void deployScript_shouldStopWithoutDeploying_whenTheRolledBackCreateLeftItsRetainedTables(
      @TempDir Path root) throws Exception {
    assumeTrue(
        onPath("bash") && onPath("sha256sum"),
        "bash or sha256sum not found: skipping the deploy.sh stub run");
    // WHEN the failed create had made the ledger table (retained, deletion-protected)
    Run r = deployAgainstStub(root, "ROLLBACK_COMPLETE", "recon-ci-ledger");

    // THEN the stack is deleted, but nothing is deployed and no table is touched: it says what to
    // do
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.indexOf("cloudformation delete-stack --stack-name recon-ci")).isNotNegative();
    assertThat(r.indexOf("cloudformation deploy")).as(String.join("\n", r.calls())).isNegative();
    assertThat(r.calls())
        .noneMatch(
            c -> c.startsWith("dynamodb delete-table") || c.startsWith("dynamodb update-table"));
    assertThat(r.stderr())
        .contains("deletion-protected table(s) recon-ci-ledger")
        .doesNotContain("recon-ci-index");
  }

  @Test
  void deployScript_shouldUpdateInPlace_whenTheStackIsHealthy(@TempDir Path root) throws Exception {
    assumeTrue(
        onPath("bash") && onPath("sha256sum"),
        "bash or sha256sum not found: skipping the deploy.sh stub run");
    Run r = deployAgainstStub(root, "UPDATE_COMPLETE", "", "--", "RedisNodeCount=3");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.indexOf("cloudformation delete-stack"))
        .as(String.join("\n", r.calls()))
        .isNegative();
    assertThat(r.calls().get(r.indexOf("cloudformation deploy"))).contains("RedisNodeCount=3");
  }

  @Test
  void deployScript_shouldGuardEmptyArrayExpansions_whenRunByBashBefore44() throws IOException {
    // bash < 4.4 with set -u fails on "${arr[@]}" of an empty array: the optional overrides use
    // ${arr[@]+"${arr[@]}"} (this bash is newer, so only the text can show it)
    String script = Files.readString(SCRIPT);
    assertThat(script)
        .contains("set -euo pipefail")
        .contains("${overrides[@]+\"${overrides[@]}\"}");
    assertThat(script.replace("${overrides[@]+\"${overrides[@]}\"}", ""))
        .doesNotContain("\"${overrides[@]}\"");
  }
}
