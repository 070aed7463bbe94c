package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recon.stepfunctions.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy.sh is valid shell and passes the template exactly the parameters it declares. */
class DeployScriptTest {
  private static final Path SCRIPT = TemplateTest.MODULE.resolve("deploy.sh");

  private static boolean onPath(String tool) {
    try {
      return NodeTools.run(TemplateTest.MODULE, null, Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool)).exitCode() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void deployScript_shouldBeValidBash_whenParsed() {
    assumeTrue(onPath("bash"), "bash not found: skipping the deploy.sh checks");
    NodeTools.Result r = NodeTools.run(TemplateTest.MODULE, null, Duration.ofSeconds(30), List.of("bash", "-n", SCRIPT.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.isExecutable(SCRIPT)).isTrue();
  }

  @Test
  void deployScript_shouldBeShellcheckClean_whenShellcheckIsInstalled() {
    assumeTrue(onPath("shellcheck"), "shellcheck not found: skipping the lint of deploy.sh");
    NodeTools.Result r = NodeTools.run(TemplateTest.MODULE, null, Duration.ofSeconds(60), List.of("shellcheck", SCRIPT.toString(),
        TemplateTest.MODULE.resolve("../stepfunctions/src/build/npm-ci.sh").normalize().toString()));
    assertThat(r.exitCode()).as(r.stdout()).isZero();
  }

  @Test
  void deployScript_shouldPassEveryRequiredParameter_whenDryRun() {
    assumeTrue(onPath("bash") && onPath("sha256sum"), "bash or sha256sum not found: skipping the deploy.sh dry run");
    // WHEN deploy.sh prints the commands it would run
    NodeTools.Result r = NodeTools.run(TemplateTest.MODULE, null, Duration.ofSeconds(60), List.of("bash", SCRIPT.toString(),
        "-e", "ci", "-r", "eu-west-1", "-s", "rate(10 minutes)", "--skip-build", "--dry-run", "--", "RedisNodeCount=3"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String deploy = r.stdout().lines().filter(l -> l.startsWith("+ aws cloudformation deploy")).findFirst().orElseThrow();
    Map<String, String> passed = overrides(deploy);

    // THEN every parameter without a default is passed, and nothing the template lacks
    Set<String> declared = TemplateChecks.names(TemplateTest.TEMPLATE.parameters());
    List<String> required = new ArrayList<>();
    declared.forEach(p -> {
      if (!TemplateTest.TEMPLATE.parameters().path(p).has("Default")) {
        required.add(p);
      }
    });
    assertThat(passed.keySet()).containsAll(required).isSubsetOf(declared);
    assertThat(passed).containsEntry("EnvironmentName", "ci").containsEntry("ScheduleExpression", "rate(10 minutes)")
        .containsEntry("RedisNodeCount", "3");
    // AND the state machines get the stepfunctions/ files, stored under their content hash
    assertThat(passed.get("StatelessDefinitionKey")).matches("definitions/stateless-[0-9a-f]{16}\\.asl\\.json");
    assertThat(passed.get("StatefulDefinitionKey")).matches("definitions/stateful-[0-9a-f]{16}\\.asl\\.json");
    assertThat(r.stderr()).contains("stepfunctions/src/main/resources/statemachines/stateless.asl.json");
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
}
