package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.stepfunctions.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check fails on a template that breaks its rule, and passes on one that keeps it. */
class TemplateChecksTest {

  private static CfnTemplate yaml(String text) {
    return CfnTemplate.parse(text);
  }

  private static final String ROLE =
      """
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Role: !GetAtt Role.Arn
            Runtime: java17
            Handler: a.B::handleRequest
            Code: {S3Bucket: b, S3Key: k}
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
            Policies:
              - PolicyName: p
                PolicyDocument:
                  Statement:
                    - {Effect: Allow, Action: %s, Resource: %s}
      """;

  private static CfnTemplate role(String action, String resource) {
    return yaml(ROLE.formatted(action, resource));
  }

  @Test
  void wildcardActions_shouldFlagEveryWildcardForm_whenAllowStatementsUseThem() {
    assertThat(TemplateChecks.wildcardActions(role("\"*\"", "arn:aws:s3:::b"))).hasSize(1);
    assertThat(TemplateChecks.wildcardActions(role("\"s3:*\"", "arn:aws:s3:::b")))
        .singleElement()
        .asString()
        .contains("Role")
        .contains("s3:*");
    assertThat(
            TemplateChecks.wildcardActions(role("[s3:GetObject, \"s3:Get*\"]", "arn:aws:s3:::b")))
        .hasSize(1);
    assertThat(TemplateChecks.wildcardActions(role("s3:GetObject", "arn:aws:s3:::b"))).isEmpty();
  }

  @Test
  void wildcardActions_shouldFlagNotActionButIgnoreDeny_whenStatementsDifferInEffect() {
    CfnTemplate notAction =
        yaml(
            ROLE.formatted("s3:GetObject", "x")
                .replace("Action: s3:GetObject", "NotAction: s3:GetObject"));
    assertThat(TemplateChecks.wildcardActions(notAction))
        .singleElement()
        .asString()
        .contains("NotAction");
    CfnTemplate deny =
        yaml(
            """
        Resources:
          B: {Type: AWS::S3::Bucket}
          P:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref B
              PolicyDocument:
                Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: "false"}}}]
        """);
    assertThat(TemplateChecks.wildcardActions(deny)).isEmpty();
    assertThat(TemplateChecks.unscopedResources(deny)).isEmpty();
  }

  @Test
  void unscopedResources_shouldAllowStarOnlyForUnscopableActions_whenResourceIsStar() {
    assertThat(TemplateChecks.unscopedResources(role("s3:GetObject", "\"*\"")))
        .singleElement()
        .asString()
        .contains("s3:GetObject");
    assertThat(
            TemplateChecks.unscopedResources(
                role("[ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces]", "\"*\"")))
        .isEmpty();
    assertThat(
            TemplateChecks.unscopedResources(
                role("s3:GetObject", "!Sub 'arn:${AWS::Partition}:s3:::b/*'")))
        .isEmpty();
  }

  @Test
  void danglingReferences_shouldFlagUnknownNames_whenRefGetAttSubOrDependsOnPointNowhere() {
    CfnTemplate t =
        yaml(
            """
        Parameters:
          Env: {Type: String}
        Conditions:
          Prod: !Equals [!Ref Env, prod]
        Resources:
          Q:
            Type: AWS::SQS::Queue
            DependsOn: [Gone]
            Properties:
              QueueName: !Sub "${Env}-${Missing}-${AWS::Region}-${!Literal}-${Local}"
              KmsMasterKeyId: !Ref NoKey
              Tags: [{Key: a, Value: !GetAtt Nothing.Arn}, {Key: b, Value: !If [NoCondition, x, y]}]
          T:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub ["${Local}-${Q.QueueName}", {Local: !Ref Env}]
        """);

    assertThat(TemplateChecks.danglingReferences(t))
        .containsExactlyInAnyOrder(
            "Q: DependsOn of 'Gone', which is not defined",
            "Q: Sub of 'Missing', which is not defined",
            "Q: Sub of 'Local', which is not defined",
            "Q: Ref of 'NoKey', which is not defined",
            "Q: GetAtt of 'Nothing', which is not defined",
            "Q: Condition of 'NoCondition', which is not defined");
  }

  @Test
  void conditionalReferences_shouldFlagUnguardedUse_whenTargetExistsOnlyUnderACondition() {
    String text =
        """
        Parameters:
          On: {Type: String}
        Conditions:
          Enabled: !Equals [!Ref On, "yes"]
        Resources:
          Q: {Type: AWS::SQS::Queue, Condition: Enabled}
          A: {Type: AWS::SNS::Topic, Properties: {TopicName: !GetAtt Q.QueueName}}
          B: {Type: AWS::SNS::Topic, Properties: {TopicName: !If [Enabled, !GetAtt Q.QueueName, none]}}
          C: {Type: AWS::SNS::Topic, Condition: Enabled, Properties: {TopicName: !GetAtt Q.QueueName}}
        """;
    assertThat(TemplateChecks.conditionalReferences(yaml(text)))
        .containsExactly("A refers to Q, which exists only if Enabled");
  }

  @Test
  void dependencyCycles_shouldReportTheCycle_whenResourcesReferToEachOtherInACircle() {
    CfnTemplate t =
        yaml(
            """
        Resources:
          A: {Type: AWS::SNS::Topic, Properties: {TopicName: !GetAtt B.QueueName}}
          B: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub "${C}"}}
          C: {Type: AWS::SNS::Topic, DependsOn: A}
          D: {Type: AWS::SNS::Topic, DependsOn: A}
        """);
    assertThat(TemplateChecks.dependencyCycles(t))
        .containsExactly("dependency cycle: A -> B -> C -> A");
  }

  @Test
  void stateRetention_shouldFlagRulesThatReachState_whenDataBucketExpiresTooBroadly() {
    String text =
        """
        Resources:
          Data:
            Type: AWS::S3::Bucket
            Properties:
              LifecycleConfiguration:
                Rules:
                  - {Id: ok, Status: Enabled, Prefix: !Sub "${EnvironmentName}/stateless/", ExpirationInDays: 30}
                  - {Id: versions, Status: Enabled, NoncurrentVersionExpiration: {NoncurrentDays: 30}}
                  - {Id: bad, Status: Enabled, Prefix: %s, ExpirationInDays: 30}
          Fn:
            Type: AWS::Lambda::Function
            Properties: {Environment: {Variables: {RECON_BUCKET: !Ref Data}}}
        """;
    assertThat(
            TemplateChecks.stateRetention(
                yaml(text.formatted("!Sub \"${EnvironmentName}/state/\""))))
        .singleElement()
        .asString()
        .contains("rule bad");
    assertThat(TemplateChecks.stateRetention(yaml(text.formatted("\"\"")))).hasSize(1);
    assertThat(
            TemplateChecks.stateRetention(
                yaml(text.formatted("!Sub \"${EnvironmentName}/prefetch/\""))))
        .isEmpty();
  }

  @Test
  void specViolations_shouldFlagTypesPropertiesValuesAndAttributes_whenTheyDoNotExist() {
    NodeTools.assumeInstalled(TemplateTest.MODULE, CfnSpec.NPM_PACKAGE);
    CfnSpec spec = CfnSpec.load(TemplateTest.MODULE);
    CfnTemplate t =
        yaml(
            """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true, Typo: 1}
              AttributeDefinitions: [{AttributeName: id}]
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Code: {S3Bucket: b, S3Key: k}
              Role: !GetAtt Table.Arn
              Description: !GetAtt Table.NoSuchAttribute
              Unknown: true
          Machine: {Type: AWS::StepFunctions::StateMachine, Properties: {RoleArn: r, StateMachineType: STANDARDX}}
          Gadget: {Type: AWS::Nope::Gadget}
          Custom: {Type: Custom::Anything, Properties: {Whatever: 1}}
        """);

    assertThat(TemplateChecks.specViolations(t, spec))
        .containsExactlyInAnyOrder(
            "Table: required property KeySchema is missing",
            "Machine.StateMachineType: 'STANDARDX' is not one of [\"STANDARD\",\"EXPRESS\"]",
            "Table.PointInTimeRecoverySpecification: unknown property Typo",
            "Table.AttributeDefinitions[0]: required property AttributeType is missing",
            "Fn: unknown property Unknown",
            "Fn: AWS::DynamoDB::Table Table has no attribute NoSuchAttribute",
            "Gadget: unknown resource type AWS::Nope::Gadget");
  }

  @Test
  void stateMachineWiring_shouldFlagMissingSubstitutionsAndPermissions_whenTemplateDrifts() {
    // GIVEN the real template with the worker substitution dropped and the invoke permission
    // narrowed
    ObjectNode root = TemplateTest.TEMPLATE.root().deepCopy();
    ObjectNode stateful = (ObjectNode) root.at("/Resources/StatefulStateMachine/Properties");
    ((ObjectNode) stateful.get("DefinitionSubstitutions")).remove("IndexerWorkerFunctionArn");
    ((ObjectNode) stateful.get("DefinitionSubstitutions")).put("Stale", "x");
    ObjectNode lambdas =
        (ObjectNode)
            root.at(
                "/Resources/StatefulStateMachineRole/Properties/Policies/0/PolicyDocument/Statement/0");
    lambdas.set("Resource", lambdas.get("Resource").get(0));
    ObjectNode stateless =
        (ObjectNode) root.at("/Resources/StatelessStateMachine/Properties/DefinitionSubstitutions");
    stateless.set("EmrClusterId", CfnTemplate.MAPPER.createObjectNode().put("Ref", "DataBucket"));

    // WHEN
    var problems = StateMachineWiring.check(CfnTemplate.of(root), TemplateTest::definition);

    // THEN
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "StatefulStateMachine: placeholder ${IndexerWorkerFunctionArn} of stateful.asl.json has no DefinitionSubstitutions entry",
            "StatefulStateMachine: substitution Stale is not used by stateful.asl.json",
            "StatefulStateMachine: role StatefulStateMachineRole may not lambda:InvokeFunction IndexerCoordinatorAlias (${IndexerCoordinatorFunctionArn})",
            "StatelessStateMachine: ${EmrClusterId} must be !Ref <cluster> of a AWS::EMR::Cluster in the template");
  }

  @Test
  void stateMachineWiring_shouldFlagASyncStartWithoutItsWaitPermissions_whenCycleRoleDrifts() {
    // GIVEN the real template, the cycle role without StopExecution and without the events rule,
    // and starting the stateful machine instead of the stateless one
    ObjectNode root = TemplateTest.TEMPLATE.root().deepCopy();
    JsonNode statements =
        root.at("/Resources/CycleStateMachineRole/Properties/Policies/0/PolicyDocument/Statement");
    for (JsonNode s : statements) {
      if (s.path("Sid").asText().equals("WaitForTenantRuns")) {
        ((ObjectNode) s)
            .set("Action", CfnTemplate.MAPPER.createArrayNode().add("states:DescribeExecution"));
      }
      if (s.path("Sid").asText().equals("TenantRunCompletionEvents")) {
        ((ObjectNode) s).put("Action", "events:DescribeRule");
      }
    }

    // WHEN / THEN the missing wait permissions are named
    assertThat(StateMachineWiring.check(CfnTemplate.of(root), TemplateTest::definition))
        .containsExactlyInAnyOrder(
            "CycleStateMachine: role CycleStateMachineRole may not states:StopExecution on the executions of StatelessStateMachine (startExecution.sync)",
            "CycleStateMachine: role CycleStateMachineRole may not events:PutTargets on rule/StepFunctionsGetEventsForStepFunctionsExecutionRule (startExecution.sync)",
            "CycleStateMachine: role CycleStateMachineRole may not events:PutRule on rule/StepFunctionsGetEventsForStepFunctionsExecutionRule (startExecution.sync)");

    // AND WHEN the cycle starts a machine its role may not start
    ((ObjectNode) root.at("/Resources/CycleStateMachine/Properties/DefinitionSubstitutions"))
        .set(
            "StatelessStateMachineArn",
            CfnTemplate.MAPPER.createObjectNode().put("Ref", "StatefulStateMachine"));
    assertThat(StateMachineWiring.check(CfnTemplate.of(root), TemplateTest::definition))
        .contains(
            "CycleStateMachine: role CycleStateMachineRole may not states:StartExecution StatefulStateMachine",
            "CycleStateMachine: role CycleStateMachineRole may not states:DescribeExecution on the executions of StatefulStateMachine (startExecution.sync)");
  }

  @Test
  void stateMachineWiring_shouldFlagJarsTheClusterCannotRead_whenInstanceRoleLacksThem() {
    ObjectNode root = TemplateTest.TEMPLATE.root().deepCopy();
    ObjectNode jars =
        (ObjectNode)
            root.at("/Resources/EmrInstanceRole/Properties/Policies/0/PolicyDocument/Statement/4");
    assertThat(jars.get("Sid").asText()).isEqualTo("ReadJobJars");
    jars.put("Action", "s3:ListBucket");

    assertThat(StateMachineWiring.check(CfnTemplate.of(root), TemplateTest::definition))
        .containsExactlyInAnyOrder(
            "StatelessStateMachine: no EMR instance role may s3:GetObject the jar ${ArtifactBucket}/${StatelessReducerJarKey}",
            "StatefulStateMachine: no EMR instance role may s3:GetObject the jar ${ArtifactBucket}/${PrefetcherJarKey}",
            "StatefulStateMachine: no EMR instance role may s3:GetObject the jar ${ArtifactBucket}/${StatefulProcessorJarKey}");
  }

  @Test
  void missingHandlers_shouldFlagAbsentClassesMethodsAndNonLiterals_whenHandlersAreChecked(
      @TempDir Path repo) throws Exception {
    // GIVEN a repository with one module holding a.B with handleRequest
    Path source = repo.resolve("some-lambda/src/main/java/a/B.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        "package a; public class B { public String handleRequest (String in, Object c) { return in; } }");
    Files.createDirectories(repo.resolve("docs"));

    // WHEN / THEN the template's Fn (a.B::handleRequest) is found
    assertThat(TemplateChecks.missingHandlers(role("s3:GetObject", "x"), repo)).isEmpty();
    assertThat(
            TemplateChecks.missingHandlers(
                yaml(ROLE.formatted("s3:GetObject", "x").replace("a.B::handleRequest", "a.B")),
                repo))
        .isEmpty();
    assertThat(
            TemplateChecks.missingHandlers(
                yaml(ROLE.formatted("s3:GetObject", "x").replace("a.B::", "a.C::")), repo))
        .singleElement()
        .asString()
        .contains("Fn: handler class a.C is in no module");
    assertThat(
            TemplateChecks.missingHandlers(
                yaml(ROLE.formatted("s3:GetObject", "x").replace("::handleRequest", "::handle")),
                repo))
        .singleElement()
        .asString()
        .contains("a.B declares no method handle");
    assertThat(
            TemplateChecks.missingHandlers(
                yaml(
                    ROLE.formatted("s3:GetObject", "x")
                        .replace("a.B::handleRequest", "!Ref HandlerName")),
                repo))
        .singleElement()
        .asString()
        .contains("Fn: Handler is not a literal class name");
  }
}
