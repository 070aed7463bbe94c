package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The npm asl-validator accepts both definitions as deployed (substituted), and rejects broken
 * ones.
 */
class AslValidatorTest {
  private static final Path MODULE = NodeTools.moduleDir();

  @TempDir Path dir;

  @BeforeEach
  void needsValidator() {
    NodeTools.assumeInstalled(MODULE, "asl-validator");
  }

  private NodeTools.Result validate(String definitionText) throws IOException {
    Path file = Files.writeString(dir.resolve("definition.json"), definitionText);
    return NodeTools.run(
        MODULE,
        null,
        Duration.ofSeconds(60),
        List.of(
            "node",
                MODULE.resolve("node_modules/asl-validator/dist/bin/asl-validator.js").toString(),
            "--json-path", file.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {Definitions.STATELESS, Definitions.STATEFUL})
  void aslValidator_shouldAcceptDefinition_whenSubstitutedAsCloudFormationDoes(String resource)
      throws IOException {
    StateMachineDefinition definition =
        StateMachineDefinition.fromClasspath(resource, FakeArns.SUBSTITUTIONS);
    assertThat(definition.unresolvedPlaceholders()).isEmpty();

    NodeTools.Result result = validate(definition.text());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
  }

  @Test
  void aslValidator_shouldReject_whenNextTargetIsMissing() throws IOException {
    // GIVEN the stateful definition with one transition pointing nowhere
    String broken =
        StateMachineDefinition.fromClasspath(Definitions.STATEFUL, FakeArns.SUBSTITUTIONS)
            .text()
            .replace("\"Next\": \"NextStage\"", "\"Next\": \"NoSuchState\"");
    assertThat(broken).contains("NoSuchState");

    NodeTools.Result result = validate(broken);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stdout() + result.stderr()).contains("NoSuchState");
  }
}
