package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

  private static final TaskHandler A = in -> Json.of("'a'".replace('\'', '"'));
  private static final TaskHandler B = in -> Json.of("'b'".replace('\'', '"'));

  @Test
  void resolve_shouldFindLambda_whenCalledDirectlyOrThroughLambdaInvoke() throws TaskFailure {
    TaskRegistry registry = new TaskRegistry().lambda("${Fn}", A);

    assertThat(registry.resolve(new TaskInvocation("S", "${Fn}", Json.of("{}"), 0)))
        .containsSame(A);
    TaskHandler viaInvoke =
        registry
            .resolve(
                new TaskInvocation(
                    "S",
                    "arn:aws:states:::lambda:invoke",
                    Json.of("{'FunctionName': '${Fn}', 'Payload': {}}"),
                    0))
            .orElseThrow();
    assertThat(viaInvoke.handle(Json.of("{'FunctionName': '${Fn}', 'Payload': {'x': 1}}")))
        .isEqualTo(Json.of("{'StatusCode': 200, 'Payload': 'a'}"));
    assertThat(registry.resolve(new TaskInvocation("S", "${Other}", Json.of("{}"), 0))).isEmpty();
  }

  @Test
  void resolve_shouldFindEmrStepByName_whenResourceIsAddStepSync() {
    TaskRegistry registry =
        new TaskRegistry().emrStep("recon-prefetcher", A).emrStep("recon-stateful-processor", B);

    assertThat(
            registry.resolve(
                new TaskInvocation(
                    "S",
                    "arn:aws:states:::elasticmapreduce:addStep.sync",
                    Json.of("{'ClusterId': 'j-1', 'Step': {'Name': 'recon-stateful-processor'}}"),
                    0)))
        .containsSame(B);
  }

  @Test
  void resolve_shouldFindStateMachine_whenResourceIsStartExecution() {
    TaskRegistry registry = new TaskRegistry().startExecution("${Sm}", A);

    assertThat(
            registry.resolve(
                new TaskInvocation(
                    "S",
                    "arn:aws:states:::states:startExecution",
                    Json.of("{'StateMachineArn': '${Sm}', 'Input': {}}"),
                    0)))
        .containsSame(A);
    assertThat(
            TaskRegistry.keyOf(
                "arn:aws:states:::states:startExecution.sync:2",
                Json.of("{'StateMachineArn': 'x'}")))
        .isEqualTo("start-execution:x");
  }

  @Test
  void register_shouldReject_whenKeyIsRegisteredTwice() {
    TaskRegistry registry = new TaskRegistry().emrStep("x", A);
    assertThatThrownBy(() -> registry.emrStep("x", B)).isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.keys()).isEqualTo(java.util.Set.of("emr-step:x"));
  }

  @Test
  void emrStepRequest_shouldSplitSparkSubmitLine_whenOptionsPrecedeTheJar() {
    var request =
        Json.of(
            "{'Step': {'Name': 'n', 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': "
                + "['spark-submit', '--deploy-mode', 'cluster', '--verbose', '--conf', 'a=b', '--num-executors=3', 's3://b/job.jar', '--batch', '7']}}}");

    assertThat(EmrStepRequest.stepName(request)).isEqualTo("n");
    assertThat(EmrStepRequest.applicationJar(request)).isEqualTo("s3://b/job.jar");
    assertThat(EmrStepRequest.applicationArgs(request)).isEqualTo(List.of("--batch", "7"));
    assertThat(EmrStepRequest.sparkConf(request)).isEqualTo(java.util.Map.of("a", "b"));
    assertThat(EmrStepRequest.mainClass(request)).isNull();
  }

  @Test
  void emrStepRequest_shouldReadClassAndConf_whenGivenBeforeTheJar() {
    var request =
        Json.of(
            "{'Step': {'Name': 'n', 'HadoopJarStep': {'Args': ['spark-submit', '--class', 'a.Main',"
                + " '--conf', 'spark.yarn.appMasterEnv.X=s3://b/k=v', '--conf=y=2', 's3://b/job.jar',"
                + " '--conf', 'not=mine']}}}");

    assertThat(EmrStepRequest.mainClass(request)).isEqualTo("a.Main");
    assertThat(EmrStepRequest.sparkConf(request))
        .containsExactly(
            java.util.Map.entry("spark.yarn.appMasterEnv.X", "s3://b/k=v"),
            java.util.Map.entry("y", "2"));
    assertThat(EmrStepRequest.applicationArgs(request)).containsExactly("--conf", "not=mine");
  }

  @Test
  void emrStepRequest_shouldReject_whenStepIsNotSparkSubmit() {
    var request = Json.of("{'Step': {'HadoopJarStep': {'Args': ['hive-script', 'x']}}}");
    assertThatThrownBy(() -> EmrStepRequest.applicationArgs(request))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
