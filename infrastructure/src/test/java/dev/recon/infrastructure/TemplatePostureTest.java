package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What DESIGN section 7 and issue 5 ask of the deployment, checked on template.yaml. */
class TemplatePostureTest {
  private static final CfnTemplate T = TemplateTest.TEMPLATE;

  private static JsonNode props(String resource) {
    return T.resources().path(resource).path("Properties");
  }

  @Test
  void buckets_shouldBePrivateEncryptedAndTlsOnly_whenDeclared() {
    List<String> buckets = T.resourcesOfType("AWS::S3::Bucket");
    assertThat(buckets).containsExactlyInAnyOrder("DataBucket", "LogBucket");
    for (String bucket : buckets) {
      JsonNode block = props(bucket).path("PublicAccessBlockConfiguration");
      assertThat(
              List.of(
                  "BlockPublicAcls",
                  "BlockPublicPolicy",
                  "IgnorePublicAcls",
                  "RestrictPublicBuckets"))
          .allSatisfy(
              flag -> assertThat(block.path(flag).asBoolean()).as(bucket + " " + flag).isTrue());
      assertThat(
              props(bucket)
                  .at(
                      "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                  .asText())
          .isIn("aws:kms", "AES256");
      JsonNode policy =
          T.resources().path(policyOf(bucket)).at("/Properties/PolicyDocument/Statement");
      assertThat(policy.findValuesAsText("Effect")).contains("Deny");
      assertThat(policy.toString()).contains("\"aws:SecureTransport\":\"false\"");
    }
    // The data bucket uses the stack's customer-managed key (SSE-KMS with a CMK).
    assertThat(
            props("DataBucket")
                .at(
                    "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault")
                .toString())
        .isEqualTo(
            "{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":{\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}}");
  }

  private static String policyOf(String bucket) {
    for (String p : T.resourcesOfType("AWS::S3::BucketPolicy")) {
      if (bucket.equals(props(p).path("Bucket").path("Ref").asText())) {
        return p;
      }
    }
    throw new AssertionError("no bucket policy for " + bucket);
  }

  @Test
  void settlementInstructions_shouldBeWritableOnlyByTheJobsRole_whenTheBucketPolicyApplies() {
    // DESIGN §9: the reducer accepts source recon.match only from input objects recon-match-<N>;
    // the bucket refuses that name to every principal but the EMR jobs' role, which may write it
    String instructions = "${DataBucket.Arn}/${EnvironmentName}/input/*/recon-match-*";
    JsonNode deny = null;
    for (JsonNode st : props("DataBucketPolicy").at("/PolicyDocument/Statement")) {
      if (st.path("Sid").asText().equals("DenyForgedSettlementInstructions")) {
        deny = st;
      }
    }
    assertThat(deny).as("DenyForgedSettlementInstructions").isNotNull();
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Principal").asText()).isEqualTo("*");
    assertThat(deny.path("Action").asText()).isEqualTo("s3:PutObject");
    assertThat(deny.at("/Resource/Fn::Sub").asText()).isEqualTo(instructions);
    assertThat(deny.at("/Condition/ArnNotEquals/aws:PrincipalArn/Fn::GetAtt").toString())
        .isEqualTo("[\"EmrInstanceRole\",\"Arn\"]");
    List<String> granted = new ArrayList<>();
    for (JsonNode st : props("EmrInstanceRole").at("/Policies/0/PolicyDocument/Statement")) {
      if (st.path("Effect").asText().equals("Allow") && st.toString().contains("s3:PutObject")) {
        JsonNode r = st.path("Resource");
        if (r.isArray()) {
          r.forEach(x -> granted.add(x.path("Fn::Sub").asText()));
        } else {
          granted.add(r.path("Fn::Sub").asText());
        }
      }
    }
    assertThat(granted)
        .contains(instructions, "${DataBucket.Arn}/${EnvironmentName}/match/*")
        .noneMatch(k -> k.equals("${DataBucket.Arn}/${EnvironmentName}/input/*"));
  }

  @Test
  void dataBucket_shouldExpireOnlyIntermediatePrefixes_whenLifecycleRulesApply() {
    List<String> expiring = new ArrayList<>();
    for (JsonNode rule : props("DataBucket").at("/LifecycleConfiguration/Rules")) {
      if (rule.has("ExpirationInDays")) {
        expiring.add(rule.at("/Prefix/Fn::Sub").asText());
      }
    }
    assertThat(expiring)
        .containsExactlyInAnyOrder(
            "${EnvironmentName}/stateless/",
            "${EnvironmentName}/prefetch/",
            "${EnvironmentName}/quarantine/");
  }

  @Test
  void tables_shouldBeOnDemandWithPointInTimeRecoveryAndKms_whenDeclared() {
    assertThat(T.resourcesOfType("AWS::DynamoDB::Table"))
        .containsExactlyInAnyOrder("IndexTable", "LedgerTable");
    for (String table : T.resourcesOfType("AWS::DynamoDB::Table")) {
      assertThat(props(table).path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
      assertThat(
              props(table)
                  .at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                  .asBoolean())
          .isTrue();
      assertThat(props(table).at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
    }
    assertThat(props("IndexTable").path("KeySchema").toString())
        .isEqualTo("[{\"AttributeName\":\"artifactId\",\"KeyType\":\"HASH\"}]");
    assertThat(props("LedgerTable").path("KeySchema").toString())
        .isEqualTo(
            "[{\"AttributeName\":\"kind\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"id\",\"KeyType\":\"RANGE\"}]");
  }

  @Test
  void ledgerTable_shouldIndexUnfinishedRecordsSparsely_forTheBacklogManagerToQuery() {
    // DynamoDbBatchLedger.listUnfinished queries index "unfinished" (LedgerItems.UNFINISHED_INDEX):
    // partition key "unfinished" (set only on INITIATED/EXECUTING records), sort key "id".
    JsonNode gsis = props("LedgerTable").path("GlobalSecondaryIndexes");
    assertThat(gsis).hasSize(1);
    JsonNode gsi = gsis.get(0);
    assertThat(gsi.path("IndexName").asText()).isEqualTo("unfinished");
    assertThat(gsi.path("KeySchema").toString())
        .isEqualTo(
            "[{\"AttributeName\":\"unfinished\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"id\",\"KeyType\":\"RANGE\"}]");
    assertThat(gsi.at("/Projection/ProjectionType").asText())
        .as("the planner reads whole records from it")
        .isEqualTo("ALL");
    assertThat(props("LedgerTable").path("AttributeDefinitions").toString())
        .contains("{\"AttributeName\":\"unfinished\",\"AttributeType\":\"S\"}");
    assertThat(grants("BacklogManagerRole"))
        .contains("dynamodb:Query on {\"Fn::Sub\":\"${LedgerTable.Arn}/index/unfinished\"}");
    // and no other role reads it
    for (String role : T.resourcesOfType("AWS::IAM::Role")) {
      if (!role.equals("BacklogManagerRole")) {
        assertThat(grants(role)).as(role).noneMatch(g -> g.contains("/index/"));
      }
    }
  }

  @Test
  void emrCluster_shouldHoldNoSettingAStackUpdateChanges_inItsReplacementOnlyConfigurations() {
    // Configurations can only change by replacing the cluster (its running steps die): no value
    // there may come from a resource or parameter (issue 13, defect 9); those reach the jobs on
    // the steps' spark-submit lines.
    JsonNode configurations = props("EmrCluster").path("Configurations");
    assertThat(configurations.toString())
        .doesNotContain("\"Ref\"", "Fn::", "RECON_")
        .contains("spark.history.fs.cleaner.enabled");
    JsonNode defaults = null;
    for (JsonNode c : configurations) {
      if (c.path("Classification").asText().equals("spark-defaults")) {
        defaults = c.path("ConfigurationProperties");
      }
    }
    assertThat(defaults).as("spark-defaults").isNotNull();
    // the long-running cluster's history server deletes old event logs
    assertThat(defaults.path("spark.history.fs.cleaner.enabled").asText()).isEqualTo("true");
    assertThat(defaults.path("spark.history.fs.cleaner.maxAge").asText()).isEqualTo("7d");
    assertThat(defaults.path("spark.history.fs.cleaner.maxNum").asInt()).isPositive();
  }

  @Test
  void stateMachines_shouldGiveTheJobsTheSettingsTheLambdasGet_whenSubstitutingJobSettings() {
    // The same value as the backlog manager's environment (RECON_PREFIX is the environment name;
    // the metrics log group is the Spark drivers' own).
    JsonNode env = props("BacklogManagerFunction").at("/Environment/Variables");
    for (String machine : List.of("StatelessStateMachine", "StatefulStateMachine")) {
      JsonNode subs = props(machine).path("DefinitionSubstitutions");
      dev.recon.stepfunctions.Definitions.JOB_SETTINGS.forEach(
          (variable, placeholder) -> {
            assertThat(subs.has(placeholder)).as(machine + " " + placeholder).isTrue();
            if (variable.equals("RECON_BUCKET")) {
              // the function names the bucket (it is the bucket's notification target)
              assertThat(subs.path(placeholder).toString()).isEqualTo("{\"Ref\":\"DataBucket\"}");
            } else if (env.has(variable)) {
              assertThat(subs.path(placeholder))
                  .as(machine + " " + placeholder)
                  .isEqualTo(env.path(variable));
            }
          });
      assertThat(subs.path("JobMetricsLogGroup").toString())
          .isEqualTo("{\"Ref\":\"SparkMetricsLogGroup\"}");
      assertThat(subs.path("JobRedisUri").toString()).contains("Redis.PrimaryEndPoint.Address");
      assertThat(subs.path("JobRedisAuthSecretArn").toString())
          .isEqualTo("{\"Ref\":\"RedisAuthSecret\"}");
    }
  }

  @Test
  void redis_shouldEncryptAndTakeItsAuthTokenFromSecretsManager_whenDeclared() {
    JsonNode redis = props("Redis");
    assertThat(T.type("Redis")).isEqualTo("AWS::ElastiCache::ReplicationGroup");
    assertThat(redis.path("TransitEncryptionEnabled").asBoolean()).isTrue();
    assertThat(redis.path("AtRestEncryptionEnabled").asBoolean()).isTrue();
    assertThat(redis.at("/AuthToken/Fn::Sub").asText())
        .isEqualTo("{{resolve:secretsmanager:${RedisAuthSecret}:SecretString:token}}");
    assertThat(T.type("RedisAuthSecret")).isEqualTo("AWS::SecretsManager::Secret");
  }

  @Test
  void lambdas_shouldRunJava21_whenDeclared() {
    // java17 can no longer be chosen for new functions (creation disabled 2026-07-31); the jars
    // stay Java 17 bytecode, which the java21 runtime runs.
    List<String> functions = T.resourcesOfType("AWS::Lambda::Function");
    assertThat(functions)
        .containsExactlyInAnyOrder(
            "BacklogManagerFunction",
            "IndexerWorkerFunction",
            "IndexerCoordinatorFunction",
            "QueryApiFunction");
    assertThat(functions)
        .allSatisfy(f -> assertThat(props(f).path("Runtime").asText()).as(f).isEqualTo("java21"));
  }

  /** "action on resource" for every Allow statement of a role's own policies. */
  private static List<String> grants(String role) {
    List<String> out = new ArrayList<>();
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      if (s.resource().equals(role) && !s.node().path("Principal").isObject()) {
        JsonNode actions = s.node().path("Action");
        JsonNode resources = s.node().path("Resource");
        for (JsonNode a : actions.isArray() ? actions : List.of(actions)) {
          for (JsonNode r : resources.isArray() ? resources : List.of(resources)) {
            out.add(a.asText() + " on " + r);
          }
        }
      }
    }
    return out;
  }

  private static final String LEDGER = "{\"Fn::GetAtt\":[\"LedgerTable\",\"Arn\"]}";
  private static final String KEY = "{\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}";

  @Test
  void iamPolicies_shouldNameNoTransactionApiAsAnAction_whenGrantingDynamoDb() {
    // TransactWriteItems/TransactGetItems are API calls, not IAM actions: a transaction is
    // authorised by the item actions it contains (PutItem, UpdateItem, DeleteItem,
    // ConditionCheckItem).
    List<String> actions = new ArrayList<>();
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      JsonNode a = s.node().path("Action");
      (a.isArray() ? a : List.of(a)).forEach(x -> actions.add(s.resource() + " " + x.asText()));
    }
    assertThat(actions)
        .isNotEmpty()
        .noneMatch(a -> a.toLowerCase().matches(".* dynamodb:transact.*"));
  }

  @Test
  void indexerWorker_shouldGetAndConditionallyPutTheLedger_whenReportingProgress() {
    // WorkerService -> LedgerUpdates.update -> DynamoDbBatchLedger.get (GetItem) and .update
    // (PutItem with a revision condition): exactly these two on the ledger.
    assertThat(grants("IndexerWorkerRole"))
        .filteredOn(g -> g.endsWith(" on " + LEDGER))
        .containsExactlyInAnyOrder(
            "dynamodb:GetItem on " + LEDGER, "dynamodb:PutItem on " + LEDGER);
  }

  @Test
  void indexerWorker_shouldNotBeRetriedByLambda_whenInvokedAsynchronously() {
    List<String> configs = new ArrayList<>();
    for (String c : T.resourcesOfType("AWS::Lambda::EventInvokeConfig")) {
      if ("IndexerWorkerFunction".equals(props(c).at("/FunctionName/Ref").asText())) {
        configs.add(c);
        // the alias its callers invoke (the coordinator gets the alias ARN as workerFunction)
        assertThat(props(c).path("Qualifier").asText()).isEqualTo("live");
        assertThat(props(c).path("MaximumRetryAttempts").isInt()).isTrue();
        assertThat(props(c).path("MaximumRetryAttempts").asInt()).isZero();
      }
    }
    assertThat(configs).as("an EventInvokeConfig of IndexerWorkerFunction").hasSize(1);
  }

  @Test
  void lambdas_shouldBeInvokedThroughAPublishedVersionsAlias_neverLatest() {
    // GIVEN each function has one version, republished on every deploy that changes anything,
    // and one alias "live" on it
    for (String fn : T.resourcesOfType("AWS::Lambda::Function")) {
      List<String> versions = new ArrayList<>();
      for (String v : T.resourcesOfType("AWS::Lambda::Version")) {
        if (fn.equals(props(v).at("/FunctionName/Ref").asText())) {
          versions.add(v);
          assertThat(props(v).at("/Description/Fn::Sub").asText())
              .as(v + " is replaced (republished) when the code or the deployment changes")
              .contains("${" + props(fn).at("/Code/S3Key/Ref").asText() + "}")
              .contains("${DeploymentId}");
          assertThat(T.resources().path(v).path("UpdateReplacePolicy").asText())
              .as(v + ": an unchanged function republishes the same version; keep it")
              .isEqualTo("Retain");
        }
      }
      assertThat(versions).as(fn + " versions").hasSize(1);
      List<String> aliases = new ArrayList<>();
      for (String a : T.resourcesOfType("AWS::Lambda::Alias")) {
        if (fn.equals(props(a).at("/FunctionName/Ref").asText())) {
          aliases.add(a);
          assertThat(props(a).path("Name").asText()).isEqualTo("live");
          assertThat(props(a).at("/FunctionVersion/Fn::GetAtt").toString())
              .isEqualTo("[\"" + versions.get(0) + "\",\"Version\"]");
        }
      }
      assertThat(aliases).as(fn + " aliases").hasSize(1);
    }
    // THEN nothing refers to a function's unqualified ARN ($LATEST): notifications, rules,
    // permissions, the HTTP integration, state machines and IAM grants all name the alias
    String template = T.root().path("Resources").toString();
    for (String fn : T.resourcesOfType("AWS::Lambda::Function")) {
      assertThat(template).as(fn).doesNotContain("{\"Fn::GetAtt\":[\"" + fn + "\",\"Arn\"]}");
    }
    for (String permission : T.resourcesOfType("AWS::Lambda::Permission")) {
      assertThat(T.type(props(permission).at("/FunctionName/Ref").asText()))
          .as(permission)
          .isEqualTo("AWS::Lambda::Alias");
    }
    for (String c : T.resourcesOfType("AWS::Lambda::EventInvokeConfig")) {
      assertThat(props(c).path("Qualifier").asText()).as(c).isEqualTo("live");
    }
    assertThat(T.type(props("QueryHttpIntegration").at("/IntegrationUri/Ref").asText()))
        .isEqualTo("AWS::Lambda::Alias");
    assertThat(T.parameters().path("DeploymentId").has("Default")).isTrue();
  }

  @Test
  void emrServiceRole_shouldUseTheEbsEncryptionKey_whenTheSecurityConfigurationEncryptsEbs() {
    // GIVEN the security configuration encrypts the nodes' EBS volumes with DataKey
    JsonNode disk =
        props("EmrSecurityConfiguration")
            .at(
                "/SecurityConfiguration/EncryptionConfiguration/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration");
    assertThat(disk.path("EnableEbsEncryption").asBoolean()).isTrue();
    assertThat(disk.path("AwsKmsKey").toString()).isEqualTo(KEY);
    assertThat(props("EmrCluster").path("ServiceRole").path("Ref").asText())
        .isEqualTo("EmrServiceRole");

    // THEN the service role may use that key, and create grants on it only for AWS resources
    assertThat(grants("EmrServiceRole"))
        .filteredOn(g -> g.startsWith("kms:"))
        .containsExactlyInAnyOrder(
            "kms:CreateGrant on " + KEY,
            "kms:Encrypt on " + KEY,
            "kms:Decrypt on " + KEY,
            "kms:ReEncryptFrom on " + KEY,
            "kms:ReEncryptTo on " + KEY,
            "kms:GenerateDataKey on " + KEY,
            "kms:GenerateDataKeyWithoutPlaintext on " + KEY,
            "kms:DescribeKey on " + KEY);
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      if (s.resource().equals("EmrServiceRole")
          && s.node().path("Action").toString().contains("kms:CreateGrant")) {
        assertThat(s.node().path("Action").asText()).isEqualTo("kms:CreateGrant");
        assertThat(s.node().path("Condition").toString())
            .isEqualTo("{\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}");
      }
    }
  }

  @Test
  void emrCluster_shouldWaitForThePrivateSubnetsRoutesAndTheS3Endpoint_whenCreated() {
    // GIVEN the cluster's subnet, its route table's NAT route and association, and the S3 endpoint
    String subnet = props("EmrCluster").at("/Instances/Ec2SubnetId/Ref").asText();
    String association = null;
    for (String a : T.resourcesOfType("AWS::EC2::SubnetRouteTableAssociation")) {
      if (subnet.equals(props(a).at("/SubnetId/Ref").asText())) {
        association = a;
      }
    }
    assertThat(association).as("route table association of " + subnet).isNotNull();
    String table = props(association).at("/RouteTableId/Ref").asText();
    List<String> natRoutes = new ArrayList<>();
    for (String r : T.resourcesOfType("AWS::EC2::Route")) {
      if (table.equals(props(r).at("/RouteTableId/Ref").asText()) && props(r).has("NatGatewayId")) {
        natRoutes.add(r);
      }
    }
    List<String> s3Endpoints = new ArrayList<>();
    for (String e : T.resourcesOfType("AWS::EC2::VPCEndpoint")) {
      if (props(e).at("/ServiceName/Fn::Sub").asText().endsWith(".s3")
          && props(e).path("RouteTableIds").toString().contains("\"" + table + "\"")) {
        s3Endpoints.add(e);
      }
    }
    assertThat(natRoutes).hasSize(1);
    assertThat(s3Endpoints).hasSize(1);

    // THEN the cluster depends on all three (it references none of them)
    List<String> dependsOn = new ArrayList<>();
    T.resources().path("EmrCluster").path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
    assertThat(dependsOn).contains(association, natRoutes.get(0), s3Endpoints.get(0));
  }

  @Test
  void statefulResources_shouldHaveDeliberateDeletionAndReplacePolicies_whenDeclared() {
    // fixed-name buckets and the audit log: kept, except after a failed first create (so a retry
    // does not trip over the names); the deletion-protected tables and their key: always kept;
    // disposable ones: deleted.
    java.util.Map<String, String> expected = new java.util.TreeMap<>();
    for (String kept : List.of("DataBucket", "LogBucket", "QueryHttpAccessLogGroup")) {
      expected.put(kept, "RetainExceptOnCreate/Retain");
    }
    for (String kept : List.of("IndexTable", "LedgerTable", "DataKey")) {
      expected.put(kept, "Retain/Retain");
    }
    for (String table : T.resourcesOfType("AWS::DynamoDB::Table")) {
      assertThat(props(table).path("DeletionProtectionEnabled").asBoolean()).as(table).isTrue();
    }
    for (String gone :
        List.of(
            "BacklogManagerLogGroup",
            "IndexerWorkerLogGroup",
            "IndexerCoordinatorLogGroup",
            "QueryApiLogGroup",
            "StateMachineLogGroup",
            "SparkMetricsLogGroup",
            "RedisAuthSecret",
            "Redis",
            "InputEventsDeadLetterQueue",
            "EmrCluster")) {
      expected.put(gone, "Delete/Delete");
    }
    java.util.Map<String, String> actual = new java.util.TreeMap<>();
    for (String type :
        List.of(
            "AWS::S3::Bucket",
            "AWS::DynamoDB::Table",
            "AWS::KMS::Key",
            "AWS::Logs::LogGroup",
            "AWS::SecretsManager::Secret",
            "AWS::ElastiCache::ReplicationGroup",
            "AWS::SQS::Queue",
            "AWS::EMR::Cluster")) {
      for (String r : T.resourcesOfType(type)) {
        JsonNode res = T.resources().path(r);
        actual.put(
            r,
            res.path("DeletionPolicy").asText("none")
                + "/"
                + res.path("UpdateReplacePolicy").asText("none"));
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void inputs_shouldNotifyTheBacklogManager_whenObjectsAreCreatedUnderInput() {
    JsonNode notification =
        props("DataBucket").at("/NotificationConfiguration/LambdaConfigurations/0");
    assertThat(notification.path("Event").asText()).isEqualTo("s3:ObjectCreated:*");
    assertThat(notification.at("/Function/Ref").asText()).isEqualTo("BacklogManagerAlias");
    assertThat(notification.at("/Filter/S3Key/Rules/0/Value/Fn::Sub").asText())
        .isEqualTo("${EnvironmentName}/input/");
  }

  @Test
  void schedule_shouldStartTheCycleWorkflowAtTheParameterRate_whenEnabled() {
    JsonNode rule = props("ScheduleRule");
    assertThat(rule.at("/ScheduleExpression/Ref").asText()).isEqualTo("ScheduleExpression");
    assertThat(rule.path("Targets")).hasSize(1);
    assertThat(rule.at("/Targets/0/Arn/Ref").asText()).isEqualTo("CycleStateMachine");
    assertThat(rule.at("/Targets/0/RoleArn/Fn::GetAtt/0").asText()).isEqualTo("ScheduleRole");
    // the schedule's role may start the cycle and nothing else
    List<String> grants = new ArrayList<>();
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      if (s.resource().equals("ScheduleRole") && !s.node().path("Principal").isObject()) {
        grants.add(s.node().path("Action").toString() + " on " + s.node().path("Resource"));
      }
    }
    assertThat(grants)
        .containsExactly("\"states:StartExecution\" on {\"Ref\":\"CycleStateMachine\"}");
    // the cycle runs the stateless workflow (startExecution.sync:2), which starts the stateful one
    assertThat(
            props("CycleStateMachine")
                .at("/DefinitionSubstitutions/StatelessStateMachineArn/Ref")
                .asText())
        .isEqualTo("StatelessStateMachine");
    assertThat(props("CycleStateMachine").at("/DefinitionS3Location/Key/Ref").asText())
        .isEqualTo("CycleDefinitionKey");
    assertThat(T.parameters().path("ScheduleExpression").path("Default").asText())
        .startsWith("rate(");
  }

  @Test
  void alarms_shouldWatchFailedExecutionsAndBacklogAge_whenDeclared() {
    List<String> watched = new ArrayList<>();
    for (String alarm : T.resourcesOfType("AWS::CloudWatch::Alarm")) {
      JsonNode p = props(alarm);
      p.findValues("MetricName").forEach(m -> watched.add(m.asText()));
      p.findValues("StateMachineArn").forEach(m -> watched.add(m.toString()));
      p.findParents("Name")
          .forEach(
              d -> {
                if ("StateMachineArn".equals(d.path("Name").asText())) {
                  watched.add(d.path("Value").path("Ref").asText());
                }
              });
      assertThat(p.at("/AlarmActions/0/Ref").asText()).as(alarm).isEqualTo("AlarmTopic");
    }
    assertThat(watched)
        .contains(
            "ExecutionsFailed",
            "ExecutionsTimedOut",
            "BacklogAgeSeconds",
            "StatelessStateMachine",
            "StatefulStateMachine",
            "CycleStateMachine");
  }

  @Test
  void alarms_shouldWatchStageMetrics_whenDeclared() {
    // GIVEN the metrics the stages publish in embedded metric format (namespace Recon, Environment
    // + Stage)
    // THEN quarantine ratio (reduce), cache hit ratio (prefetch) and process/index durations are
    // alarmed
    stageAlarm(
        "QuarantineRatioAlarm",
        "QuarantineRatio",
        "reduce",
        "GreaterThanThreshold",
        "QuarantineRatioAlarmPercent");
    stageAlarm(
        "CacheHitRatioAlarm",
        "CacheHitRatio",
        "prefetch",
        "LessThanThreshold",
        "CacheHitRatioAlarmPercent");
    stageAlarm(
        "ProcessDurationAlarm",
        "Duration",
        "process",
        "GreaterThanThreshold",
        "ProcessDurationAlarmSeconds");
    stageAlarm(
        "IndexDurationAlarm",
        "Duration",
        "index",
        "GreaterThanThreshold",
        "IndexDurationAlarmSeconds");
    // AND the duration alarms compare seconds: the metric (milliseconds) is divided by 1000
    assertThat(props("IndexDurationAlarm").findValuesAsText("Expression"))
        .containsExactly("ms / 1000");
    // AND every threshold parameter has a default, so existing stacks update without new inputs
    for (String p :
        List.of(
            "QuarantineRatioAlarmPercent",
            "CacheHitRatioAlarmPercent",
            "ProcessDurationAlarmSeconds",
            "IndexDurationAlarmSeconds")) {
      assertThat(T.parameters().path(p).has("Default")).as(p).isTrue();
    }
  }

  private static void stageAlarm(
      String alarm, String metric, String stage, String comparison, String threshold) {
    JsonNode p = props(alarm);
    assertThat(p.findValuesAsText("MetricName")).as(alarm).containsExactly(metric);
    assertThat(p.findValuesAsText("Namespace")).as(alarm).containsExactly("Recon");
    List<String> dims = new ArrayList<>();
    p.findParents("Name")
        .forEach(d -> dims.add(d.path("Name").asText() + "=" + d.path("Value").toString()));
    assertThat(dims)
        .as(alarm)
        .contains("Stage=\"" + stage + "\"", "Environment={\"Ref\":\"EnvironmentName\"}");
    assertThat(p.path("ComparisonOperator").asText()).as(alarm).isEqualTo(comparison);
    assertThat(p.at("/Threshold/Ref").asText()).as(alarm).isEqualTo(threshold);
    assertThat(p.path("TreatMissingData").asText()).as(alarm).isEqualTo("notBreaching");
  }

  @Test
  void sparkDrivers_shouldOnlyWriteTheirMetricsLogGroup_whenGrantedLogs() {
    // GIVEN the EMR instance role's statements on CloudWatch Logs
    JsonNode logs = null;
    for (JsonNode st : props("EmrInstanceRole").at("/Policies/0/PolicyDocument/Statement")) {
      if ("SparkMetricsLogs".equals(st.path("Sid").asText())) {
        logs = st;
      }
    }
    // THEN exactly stream creation and PutLogEvents, on the one log group the drivers are told to
    // use
    assertThat(logs).isNotNull();
    assertThat(logs.path("Action").toString())
        .isEqualTo("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]");
    assertThat(logs.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("SparkMetricsLogGroup");
    // (on each step's spark-submit line: spark.yarn.appMasterEnv.RECON_METRICS_LOG_GROUP)
    for (String machine : List.of("StatelessStateMachine", "StatefulStateMachine")) {
      assertThat(props(machine).at("/DefinitionSubstitutions/JobMetricsLogGroup/Ref").asText())
          .isEqualTo("SparkMetricsLogGroup");
    }
    assertThat(props("SparkMetricsLogGroup").at("/KmsKeyId/Fn::GetAtt/0").asText())
        .isEqualTo("DataKey");
  }

  @Test
  void parameters_shouldCoverEnvironmentScheduleAndSizes_whenDeclared() {
    assertThat(TemplateChecks.names(T.parameters()))
        .contains(
            "EnvironmentName",
            "ScheduleExpression",
            "EmrCoreInstanceType",
            "EmrCoreInstanceCount",
            "EmrMaxInstanceCount",
            "RedisNodeType",
            "RedisNodeCount",
            "BacklogManagerMemoryMb",
            "IndexerMemoryMb");
  }

  @Test
  void queryApi_shouldRequireIamOnEveryRouteAndOnlyReadTheIndexAndState_whenDeclared() {
    // every route of the HTTP API is IAM-authorized and goes to the query Lambda (payload 2.0)
    List<String> routes = new ArrayList<>();
    for (String route : T.resourcesOfType("AWS::ApiGatewayV2::Route")) {
      routes.add(props(route).path("RouteKey").asText());
      assertThat(props(route).path("AuthorizationType").asText()).as(route).isEqualTo("AWS_IAM");
      assertThat(props(route).at("/Target/Fn::Sub").asText())
          .as(route)
          .isEqualTo("integrations/${QueryHttpIntegration}");
    }
    assertThat(routes)
        .containsExactlyInAnyOrder(
            "GET /artifacts/{id}",
            "GET /artifacts/{id}/history",
            "GET /tenants/{tenant}/artifacts/{id}",
            "GET /tenants/{tenant}/artifacts/{id}/history");
    assertThat(props("QueryHttpIntegration").path("PayloadFormatVersion").asText())
        .isEqualTo("2.0");
    assertThat(props("QueryHttpIntegration").at("/IntegrationUri/Ref").asText())
        .isEqualTo("QueryApiAlias");
    assertThat(props("QueryApiFunction").path("Handler").asText())
        .isEqualTo("dev.recon.query.QueryHandler::handleRequest");
    // in the VPC, to reach Redis
    assertThat(props("QueryApiFunction").at("/VpcConfig/SecurityGroupIds/0/Ref").asText())
        .isEqualTo("LambdaSecurityGroup");

    // its role reads the index and state/ part-files, and nothing else of the data
    List<String> grants = new ArrayList<>();
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      if (s.resource().equals("QueryApiRole") && !s.node().path("Principal").isObject()) {
        JsonNode actions = s.node().path("Action");
        (actions.isArray() ? actions : List.of(actions))
            .forEach(a -> grants.add(a.asText() + " on " + s.node().path("Resource")));
      }
    }
    assertThat(grants)
        .filteredOn(g -> g.startsWith("dynamodb:") || g.startsWith("s3:") || g.startsWith("kms:"))
        .containsExactlyInAnyOrder(
            "dynamodb:GetItem on {\"Fn::GetAtt\":[\"IndexTable\",\"Arn\"]}",
            "s3:GetObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/state/*\"}",
            "kms:Decrypt on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}",
            "kms:DescribeKey on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}");
    // ...and the Redis AUTH token from its secret (read at cold start, not in the function's
    // configuration)
    assertThat(grants)
        .filteredOn(g -> g.startsWith("secretsmanager:"))
        .containsExactly("secretsmanager:GetSecretValue on {\"Ref\":\"RedisAuthSecret\"}");
    assertThat(props("QueryApiFunction").at("/Environment/Variables").has("RECON_REDIS_AUTH_TOKEN"))
        .isFalse();
    assertThat(grants)
        .allSatisfy(g -> assertThat(g).matches("(logs|ec2|dynamodb|s3|kms|secretsmanager):.*"));

    // the administrator gets execute-api:Invoke on exactly these routes from the managed policy
    JsonNode invoke = props("QueryApiInvokePolicy").at("/PolicyDocument/Statement/0");
    assertThat(props("QueryApiInvokePolicy").at("/PolicyDocument/Statement")).hasSize(1);
    assertThat(invoke.path("Action").asText()).isEqualTo("execute-api:Invoke");
    assertThat(invoke.path("Resource").findValuesAsText("Fn::Sub"))
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).endsWith(":${QueryHttpApi}/$default/GET/artifacts/*"))
        .anySatisfy(
            r -> assertThat(r).endsWith(":${QueryHttpApi}/$default/GET/tenants/*/artifacts/*"));
    // and API Gateway may invoke the function for both route families, nothing else
    List<String> sources = new ArrayList<>();
    for (String permission : T.resourcesOfType("AWS::Lambda::Permission")) {
      if ("QueryApiAlias".equals(props(permission).at("/FunctionName/Ref").asText())) {
        sources.add(props(permission).at("/SourceArn/Fn::Sub").asText());
      }
    }
    assertThat(sources)
        .containsExactlyInAnyOrder(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${QueryHttpApi}/*/GET/artifacts/*",
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${QueryHttpApi}/*/GET/tenants/*");
  }

  /** The caller-tenant tag, as IAM substitutes it into a policy (issue 15). */
  private static final String TENANT_TAG = "${aws:PrincipalTag/recon-tenant}";

  @Test
  void tenantPolicy_shouldAllowOnlyItsTenantsRoutesAndPrefixes_whenDeclared() {
    // GIVEN the parameterised tenant policy (one for all tenants; the role's tag picks the tenant)
    JsonNode statements = props("QueryApiTenantInvokePolicy").at("/PolicyDocument/Statement");
    List<String> grants = new ArrayList<>();
    for (JsonNode s : statements) {
      assertThat(s.path("Effect").asText()).isEqualTo("Allow");
      assertThat(s.has("NotAction") || s.has("NotResource")).isFalse();
      // every statement requires the tag: a role without it matches nothing
      assertThat(s.at("/Condition/Null/aws:PrincipalTag~1recon-tenant").asText())
          .as(s.path("Sid").asText())
          .isEqualTo("false");
      JsonNode actions = s.path("Action");
      JsonNode resources = s.path("Resource");
      for (JsonNode a : actions.isArray() ? actions : List.of(actions)) {
        for (JsonNode r : resources.isArray() ? resources : List.of(resources)) {
          grants.add(a.asText() + " on " + r);
        }
      }
    }
    // THEN exactly: its tenant's GET routes, its tenant's input prefix, reading its matching (what
    // recon match|confirm|unmatch --aws read: match/<t>/, state/<t>/*/manifest.json, its rule
    // sets), and the key to encrypt that upload through S3 (no state part-file, nothing of the
    // index, the ledger, another tenant or the admin routes)
    String api =
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${QueryHttpApi}";
    assertThat(grants)
        .containsExactlyInAnyOrder(
            "execute-api:Invoke on {\"Fn::Sub\":\""
                + api
                + "/$default/GET/tenants/${!aws:PrincipalTag/recon-tenant}/artifacts/*\"}",
            "s3:PutObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/input/${!aws:PrincipalTag/recon-tenant}/*\"}",
            "s3:GetObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/match/${!aws:PrincipalTag/recon-tenant}/*\"}",
            "s3:GetObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/state/${!aws:PrincipalTag/recon-tenant}/*/manifest.json\"}",
            "s3:GetObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/config/${!aws:PrincipalTag/recon-tenant}/rules/*\"}",
            "s3:ListBucket on {\"Fn::GetAtt\":[\"DataBucket\",\"Arn\"]}",
            "kms:GenerateDataKey on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}",
            "kms:Decrypt on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}");
    // AND the listing is of the tenant's own match/ prefix only
    JsonNode list =
        java.util.stream.StreamSupport.stream(statements.spliterator(), false)
            .filter(s -> s.path("Action").asText().equals("s3:ListBucket"))
            .findFirst()
            .orElseThrow();
    assertThat(list.at("/Condition/StringLike/s3:prefix/Fn::Sub").asText())
        .isEqualTo("${EnvironmentName}/match/${!aws:PrincipalTag/recon-tenant}/*");
    // AND the tenant segment is the tag itself, right after /tenants/ and /input/: no wildcard can
    // stand for another tenant (a "*" before /artifacts/ would match every tenant)
    for (String g : grants) {
      if (!g.startsWith("kms:") && !g.startsWith("s3:ListBucket")) {
        String resource = g.replace("${!aws:", "${aws:");
        int tag = resource.indexOf(TENANT_TAG);
        assertThat(tag).as(g).isPositive();
        assertThat(resource.substring(0, tag))
            .as(g)
            .matches("(?s).*(/tenants/|/input/|/match/|/state/|/config/)");
        assertThat(resource.substring(0, tag)).as(g).doesNotContain("*").doesNotContain("{tenant}");
      }
    }
    // AND the role's name must carry the same tenant (the query Lambda reads it from the name)
    for (JsonNode s : statements) {
      if (!s.path("Sid").asText().startsWith("Encrypt")) {
        assertThat(s.at("/Condition/ArnLike/aws:PrincipalArn/Fn::Sub").asText())
            .as(s.path("Sid").asText())
            .isEqualTo(
                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/recon-${EnvironmentName}-tenant-${!aws:PrincipalTag/recon-tenant}");
      } else {
        assertThat(s.at("/Condition/StringEquals/kms:ViaService/Fn::Sub").asText())
            .isEqualTo("s3.${AWS::Region}.amazonaws.com");
      }
    }
    // AND the tenant routes exist, IAM-authorised (checked above for every route)
    assertThat(T.resourcesOfType("AWS::ApiGatewayV2::Route"))
        .contains("QueryHttpTenantRoute", "QueryHttpTenantHistoryRoute");
  }
}
