package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.stepfunctions.NodeTools;
import dev.recon.stepfunctions.StateMachineDefinition;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks of {@link TemplateChecks} and {@link StateMachineWiring}, run on template.yaml. */
class TemplateTest {
  static final Path MODULE = NodeTools.moduleDir();
  static final CfnTemplate TEMPLATE = CfnTemplate.load(MODULE.resolve("template.yaml"));

  @Test
  void template_shouldParseShortFormTags_whenLoaded() {
    assertThat(TEMPLATE.resources().size()).isGreaterThan(50);
    // !GetAtt with a dotted attribute, !Sub, !Ref, !If, !Select/!Cidr/!GetAZs all in long form
    assertThat(
            TEMPLATE
                .resources()
                .at(
                    "/IndexerWorkerFunction/Properties/Environment/Variables/RECON_REDIS_URI/Fn::Sub")
                .asText())
        .isEqualTo("rediss://${Redis.PrimaryEndPoint.Address}:${Redis.PrimaryEndPoint.Port}");
    assertThat(
            TEMPLATE
                .resources()
                .at("/BacklogManagerFunction/Properties/Role/Fn::GetAtt")
                .toString())
        .isEqualTo("[\"BacklogManagerRole\",\"Arn\"]");
    assertThat(TEMPLATE.resources().at("/ScheduleRule/Properties/State/Fn::If/0").asText())
        .isEqualTo("ScheduleOn");
    assertThat(
            TEMPLATE
                .resources()
                .at("/PrivateSubnetA/Properties/CidrBlock/Fn::Select/1/Fn::Cidr/0/Ref")
                .asText())
        .isEqualTo("VpcCidr");
  }

  @Test
  void template_shouldResolveEveryReference_whenChecked() {
    assertThat(TemplateChecks.danglingReferences(TEMPLATE)).isEmpty();
    assertThat(TemplateChecks.conditionalReferences(TEMPLATE)).isEmpty();
  }

  @Test
  void template_shouldHaveNoDependencyCycle_whenChecked() {
    assertThat(TemplateChecks.dependencyCycles(TEMPLATE)).isEmpty();
  }

  @Test
  void template_shouldGrantNoWildcardActionAndScopeResources_whenChecked() {
    assertThat(TemplateChecks.statements(TEMPLATE)).hasSizeGreaterThan(40);
    assertThat(TemplateChecks.wildcardActions(TEMPLATE)).isEmpty();
    assertThat(TemplateChecks.unscopedResources(TEMPLATE)).isEmpty();
  }

  @Test
  void template_shouldNeverExpireState_whenLifecycleRulesAreChecked() {
    assertThat(TemplateChecks.stateRetention(TEMPLATE)).isEmpty();
  }

  @Test
  void template_shouldWireEveryDefinitionPlaceholder_whenStateMachinesAreChecked() {
    assertThat(TEMPLATE.resourcesOfType("AWS::StepFunctions::StateMachine"))
        .containsExactlyInAnyOrder(
            "StatelessStateMachine", "StatefulStateMachine", "CycleStateMachine");
    assertThat(StateMachineWiring.check(TEMPLATE, TemplateTest::definition)).isEmpty();
  }

  @Test
  void template_shouldNameHandlerClassesThatExist_whenLambdasAreChecked() {
    assertThat(TemplateChecks.missingHandlers(TEMPLATE, MODULE.resolve("..").normalize()))
        .isEmpty();
  }

  @Test
  void template_shouldMatchTheResourceSpecification_whenSpecIsInstalled() {
    NodeTools.assumeInstalled(MODULE, CfnSpec.NPM_PACKAGE);
    CfnSpec spec = CfnSpec.load(MODULE);
    assertThat(spec.resourceTypeCount()).isGreaterThan(1000);

    assertThat(TemplateChecks.specViolations(TEMPLATE, spec)).isEmpty();
  }

  /** An ASL file of stepfunctions/ by the name the template's Metadata.ReconDefinition gives. */
  static StateMachineDefinition definition(String file) {
    return StateMachineDefinition.fromClasspath("statemachines/" + file, Map.of());
  }
}
