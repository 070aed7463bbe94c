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
      assertThat(List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
          .allSatisfy(flag -> assertThat(block.path(flag).asBoolean()).as(bucket + " " + flag).isTrue());
      assertThat(props(bucket).at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
          .asText()).isIn("aws:kms", "AES256");
      JsonNode policy = T.resources().path(policyOf(bucket)).at("/Properties/PolicyDocument/Statement");
      assertThat(policy.findValuesAsText("Effect")).contains("Deny");
      assertThat(policy.toString()).contains("\"aws:SecureTransport\":\"false\"");
    }
    // The data bucket uses the stack's customer-managed key (SSE-KMS with a CMK).
    assertThat(props("DataBucket").at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault")
        .toString()).isEqualTo("{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":{\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}}");
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
  void dataBucket_shouldExpireOnlyIntermediatePrefixes_whenLifecycleRulesApply() {
    List<String> expiring = new ArrayList<>();
    for (JsonNode rule : props("DataBucket").at("/LifecycleConfiguration/Rules")) {
      if (rule.has("ExpirationInDays")) {
        expiring.add(rule.at("/Prefix/Fn::Sub").asText());
      }
    }
    assertThat(expiring).containsExactlyInAnyOrder(
        "${EnvironmentName}/stateless/", "${EnvironmentName}/prefetch/", "${EnvironmentName}/quarantine/");
  }

  @Test
  void tables_shouldBeOnDemandWithPointInTimeRecoveryAndKms_whenDeclared() {
    assertThat(T.resourcesOfType("AWS::DynamoDB::Table")).containsExactlyInAnyOrder("IndexTable", "LedgerTable");
    for (String table : T.resourcesOfType("AWS::DynamoDB::Table")) {
      assertThat(props(table).path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
      assertThat(props(table).at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
      assertThat(props(table).at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
    }
    assertThat(props("IndexTable").path("KeySchema").toString())
        .isEqualTo("[{\"AttributeName\":\"artifactId\",\"KeyType\":\"HASH\"}]");
    assertThat(props("LedgerTable").path("KeySchema").toString())
        .isEqualTo("[{\"AttributeName\":\"kind\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"id\",\"KeyType\":\"RANGE\"}]");
  }

  @Test
  void redis_shouldEncryptAndTakeItsAuthTokenFromSecretsManager_whenDeclared() {
    JsonNode redis = props("Redis");
    assertThat(T.type("Redis")).isEqualTo("AWS::ElastiCache::ReplicationGroup");
    assertThat(redis.path("TransitEncryptionEnabled").asBoolean()).isTrue();
    assertThat(redis.path("AtRestEncryptionEnabled").asBoolean()).isTrue();
    assertThat(redis.at("/AuthToken/Fn::Sub").asText()).isEqualTo("{{resolve:secretsmanager:${RedisAuthSecret}:SecretString:token}}");
    assertThat(T.type("RedisAuthSecret")).isEqualTo("AWS::SecretsManager::Secret");
  }

  @Test
  void lambdas_shouldRunJava17_whenDeclared() {
    List<String> functions = T.resourcesOfType("AWS::Lambda::Function");
    assertThat(functions).containsExactlyInAnyOrder(
        "BacklogManagerFunction", "IndexerWorkerFunction", "IndexerCoordinatorFunction", "QueryApiFunction");
    assertThat(functions).allSatisfy(f -> assertThat(props(f).path("Runtime").asText()).isEqualTo("java17"));
  }

  @Test
  void inputs_shouldNotifyTheBacklogManager_whenObjectsAreCreatedUnderInput() {
    JsonNode notification = props("DataBucket").at("/NotificationConfiguration/LambdaConfigurations/0");
    assertThat(notification.path("Event").asText()).isEqualTo("s3:ObjectCreated:*");
    assertThat(notification.at("/Function/Fn::GetAtt/0").asText()).isEqualTo("BacklogManagerFunction");
    assertThat(notification.at("/Filter/S3Key/Rules/0/Value/Fn::Sub").asText()).isEqualTo("${EnvironmentName}/input/");
  }

  @Test
  void schedule_shouldStartTheStatelessWorkflowAtTheParameterRate_whenEnabled() {
    JsonNode rule = props("ScheduleRule");
    assertThat(rule.at("/ScheduleExpression/Ref").asText()).isEqualTo("ScheduleExpression");
    assertThat(rule.at("/Targets/0/Arn/Ref").asText()).isEqualTo("StatelessStateMachine");
    assertThat(T.parameters().path("ScheduleExpression").path("Default").asText()).startsWith("rate(");
  }

  @Test
  void alarms_shouldWatchFailedExecutionsAndBacklogAge_whenDeclared() {
    List<String> watched = new ArrayList<>();
    for (String alarm : T.resourcesOfType("AWS::CloudWatch::Alarm")) {
      JsonNode p = props(alarm);
      p.findValues("MetricName").forEach(m -> watched.add(m.asText()));
      p.findValues("StateMachineArn").forEach(m -> watched.add(m.toString()));
      p.findParents("Name").forEach(d -> {
        if ("StateMachineArn".equals(d.path("Name").asText())) {
          watched.add(d.path("Value").path("Ref").asText());
        }
      });
      assertThat(p.at("/AlarmActions/0/Ref").asText()).as(alarm).isEqualTo("AlarmTopic");
    }
    assertThat(watched).contains("ExecutionsFailed", "ExecutionsTimedOut", "BacklogAgeSeconds",
        "StatelessStateMachine", "StatefulStateMachine");
  }

  @Test
  void alarms_shouldWatchStageMetrics_whenDeclared() {
    // GIVEN the metrics the stages publish in embedded metric format (namespace Recon, Environment + Stage)
    // THEN quarantine ratio (reduce), cache hit ratio (prefetch) and process/index durations are alarmed
    stageAlarm("QuarantineRatioAlarm", "QuarantineRatio", "reduce", "GreaterThanThreshold", "QuarantineRatioAlarmPercent");
    stageAlarm("CacheHitRatioAlarm", "CacheHitRatio", "prefetch", "LessThanThreshold", "CacheHitRatioAlarmPercent");
    stageAlarm("ProcessDurationAlarm", "Duration", "process", "GreaterThanThreshold", "ProcessDurationAlarmSeconds");
    stageAlarm("IndexDurationAlarm", "Duration", "index", "GreaterThanThreshold", "IndexDurationAlarmSeconds");
    // AND the duration alarms compare seconds: the metric (milliseconds) is divided by 1000
    assertThat(props("IndexDurationAlarm").findValuesAsText("Expression")).containsExactly("ms / 1000");
    // AND every threshold parameter has a default, so existing stacks update without new inputs
    for (String p : List.of("QuarantineRatioAlarmPercent", "CacheHitRatioAlarmPercent", "ProcessDurationAlarmSeconds",
        "IndexDurationAlarmSeconds")) {
      assertThat(T.parameters().path(p).has("Default")).as(p).isTrue();
    }
  }

  private static void stageAlarm(String alarm, String metric, String stage, String comparison, String threshold) {
    JsonNode p = props(alarm);
    assertThat(p.findValuesAsText("MetricName")).as(alarm).containsExactly(metric);
    assertThat(p.findValuesAsText("Namespace")).as(alarm).containsExactly("Recon");
    List<String> dims = new ArrayList<>();
    p.findParents("Name").forEach(d -> dims.add(d.path("Name").asText() + "=" + d.path("Value").toString()));
    assertThat(dims).as(alarm).contains("Stage=\"" + stage + "\"", "Environment={\"Ref\":\"EnvironmentName\"}");
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
    // THEN exactly stream creation and PutLogEvents, on the one log group the drivers are told to use
    assertThat(logs).isNotNull();
    assertThat(logs.path("Action").toString()).isEqualTo("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]");
    assertThat(logs.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("SparkMetricsLogGroup");
    assertThat(props("EmrCluster").at("/Configurations/0/ConfigurationProperties/spark.yarn.appMasterEnv.RECON_METRICS_LOG_GROUP/Ref")
        .asText()).isEqualTo("SparkMetricsLogGroup");
    assertThat(props("SparkMetricsLogGroup").at("/KmsKeyId/Fn::GetAtt/0").asText()).isEqualTo("DataKey");
  }

  @Test
  void parameters_shouldCoverEnvironmentScheduleAndSizes_whenDeclared() {
    assertThat(TemplateChecks.names(T.parameters())).contains("EnvironmentName", "ScheduleExpression",
        "EmrCoreInstanceType", "EmrCoreInstanceCount", "EmrMaxInstanceCount", "RedisNodeType", "RedisNodeCount",
        "BacklogManagerMemoryMb", "IndexerMemoryMb");
  }

  @Test
  void queryApi_shouldRequireIamOnEveryRouteAndOnlyReadTheIndexAndState_whenDeclared() {
    // every route of the HTTP API is IAM-authorized and goes to the query Lambda (payload 2.0)
    List<String> routes = new ArrayList<>();
    for (String route : T.resourcesOfType("AWS::ApiGatewayV2::Route")) {
      routes.add(props(route).path("RouteKey").asText());
      assertThat(props(route).path("AuthorizationType").asText()).as(route).isEqualTo("AWS_IAM");
      assertThat(props(route).at("/Target/Fn::Sub").asText()).as(route).isEqualTo("integrations/${QueryHttpIntegration}");
    }
    assertThat(routes).containsExactlyInAnyOrder("GET /artifacts/{id}", "GET /artifacts/{id}/history");
    assertThat(props("QueryHttpIntegration").path("PayloadFormatVersion").asText()).isEqualTo("2.0");
    assertThat(props("QueryHttpIntegration").at("/IntegrationUri/Fn::GetAtt/0").asText()).isEqualTo("QueryApiFunction");
    assertThat(props("QueryApiFunction").path("Handler").asText()).isEqualTo("dev.recon.query.QueryHandler::handleRequest");
    // in the VPC, to reach Redis
    assertThat(props("QueryApiFunction").at("/VpcConfig/SecurityGroupIds/0/Ref").asText()).isEqualTo("LambdaSecurityGroup");

    // its role reads the index and state/ part-files, and nothing else of the data
    List<String> grants = new ArrayList<>();
    for (TemplateChecks.Statement s : TemplateChecks.statements(T)) {
      if (s.resource().equals("QueryApiRole") && !s.node().path("Principal").isObject()) {
        JsonNode actions = s.node().path("Action");
        (actions.isArray() ? actions : List.of(actions)).forEach(a -> grants.add(a.asText() + " on " + s.node().path("Resource")));
      }
    }
    assertThat(grants).filteredOn(g -> g.startsWith("dynamodb:") || g.startsWith("s3:") || g.startsWith("kms:")).containsExactlyInAnyOrder(
        "dynamodb:GetItem on {\"Fn::GetAtt\":[\"IndexTable\",\"Arn\"]}",
        "s3:GetObject on {\"Fn::Sub\":\"${DataBucket.Arn}/${EnvironmentName}/state/*\"}",
        "kms:Decrypt on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}",
        "kms:DescribeKey on {\"Fn::GetAtt\":[\"DataKey\",\"Arn\"]}");
    assertThat(grants).allSatisfy(g -> assertThat(g).matches("(logs|ec2|dynamodb|s3|kms):.*"));

    // callers get execute-api:Invoke on exactly these routes from the managed policy
    JsonNode invoke = props("QueryApiInvokePolicy").at("/PolicyDocument/Statement/0");
    assertThat(invoke.path("Action").asText()).isEqualTo("execute-api:Invoke");
    assertThat(invoke.at("/Resource/0/Fn::Sub").asText()).endsWith(":${QueryHttpApi}/$default/GET/artifacts/*");
  }
}
