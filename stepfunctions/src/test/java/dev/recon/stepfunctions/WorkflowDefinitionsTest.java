package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled definitions keep the task contract of the README. */
class WorkflowDefinitionsTest {
  private static final String EMR = "arn:aws:states:::elasticmapreduce:addStep.sync";

  /**
   * Tasks without a Catch: nothing to record yet (Plan, AcquireBatch), or they are the recording.
   */
  private static final Set<String> UNCAUGHT =
      Set.of("Plan", "AcquireBatch", "StartStateful", "ReleaseBatch", "RecordFailure");

  private static Map<String, JsonNode> tasks(StateMachineDefinition definition) {
    Map<String, JsonNode> tasks = new java.util.LinkedHashMap<>();
    definition
        .json()
        .get("States")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().get("Type").asText().equals("Task")) {
                tasks.put(e.getKey(), e.getValue());
              }
            });
    return tasks;
  }

  @Test
  void definitions_shouldUseExactlyTheDocumentedPlaceholders() {
    List<String> stateless =
        new ArrayList<>(
            List.of(
                Definitions.BACKLOG_MANAGER_FUNCTION_ARN,
                Definitions.EMR_CLUSTER_ID,
                Definitions.STATELESS_REDUCER_JAR_URI,
                Definitions.STATEFUL_STATE_MACHINE_ARN));
    stateless.addAll(Definitions.JOB_SETTINGS.values());
    List<String> stateful =
        new ArrayList<>(
            List.of(
                Definitions.BACKLOG_MANAGER_FUNCTION_ARN,
                Definitions.INDEXER_COORDINATOR_FUNCTION_ARN,
                Definitions.INDEXER_WORKER_FUNCTION_ARN,
                Definitions.EMR_CLUSTER_ID,
                Definitions.PREFETCHER_JAR_URI,
                Definitions.STATEFUL_PROCESSOR_JAR_URI));
    stateful.addAll(Definitions.JOB_SETTINGS.values());
    assertThat(Definitions.stateless(Map.of()).unresolvedPlaceholders())
        .containsExactlyInAnyOrderElementsOf(stateless);
    assertThat(Definitions.stateful(Map.of()).unresolvedPlaceholders())
        .containsExactlyInAnyOrderElementsOf(stateful);
  }

  @ParameterizedTest
  @ValueSource(strings = {Definitions.STATELESS, Definitions.STATEFUL})
  void retriers_shouldNameErrorClasses_whenTasksDeclareThem(String resource) {
    // Retries are per error class: a wildcard would retry bad data too.
    tasks(StateMachineDefinition.fromClasspath(resource, Map.of()))
        .forEach(
            (name, task) -> {
              assertThat(task.path("Retry").size()).as("%s has Retry", name).isPositive();
              for (JsonNode retrier : task.get("Retry")) {
                List<String> errors = new ArrayList<>();
                retrier.get("ErrorEquals").forEach(e -> errors.add(e.asText()));
                assertThat(errors)
                    .as("%s retries", name)
                    .doesNotContain("States.ALL", "States.TaskFailed")
                    .isNotEmpty();
                assertThat(retrier.path("MaxAttempts").asInt(3))
                    .as("%s MaxAttempts", name)
                    .isBetween(1, 10);
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {Definitions.STATELESS, Definitions.STATEFUL})
  void catchers_shouldRecordFailure_whenTaskRunsWorkForABatch(String resource) {
    tasks(StateMachineDefinition.fromClasspath(resource, Map.of()))
        .forEach(
            (name, task) -> {
              if (UNCAUGHT.contains(name)) {
                assertThat(task.has("Catch")).as("%s has no Catch", name).isFalse();
                return;
              }
              // The last catcher takes everything else to RecordFailure (StartBatch first catches a
              // cancel).
              JsonNode catchers = task.path("Catch");
              assertThat(catchers).as("%s Catch", name).isNotEmpty();
              JsonNode catcher = catchers.get(catchers.size() - 1);
              assertThat(catcher.get("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
              assertThat(catcher.get("ResultPath").asText()).isEqualTo("$.error");
              assertThat(catcher.get("Next").asText()).isEqualTo("RecordFailure");
            });
  }

  @Test
  void backlogManager_shouldReceiveOnlyContractActions_whenDefinitionsCallIt() {
    Set<String> actions = new TreeSet<>();
    for (String resource : Definitions.ALL) {
      tasks(StateMachineDefinition.fromClasspath(resource, Map.of()))
          .values()
          .forEach(
              task -> {
                if (task.get("Resource")
                    .asText()
                    .equals(Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN))) {
                  actions.add(task.at("/Parameters/action").asText());
                }
              });
    }
    assertThat(actions)
        .containsExactlyInAnyOrder(
            Definitions.ACTION_PLAN_STATELESS,
            Definitions.ACTION_START,
            Definitions.ACTION_COMPLETE,
            Definitions.ACTION_FAIL,
            Definitions.ACTION_ACQUIRE_BATCH,
            Definitions.ACTION_ACQUIRE_STAGE,
            Definitions.ACTION_RELEASE_STAGE,
            Definitions.ACTION_RELEASE_BATCH,
            Definitions.ACTION_TENANTS,
            Definitions.ACTION_CYCLE_OUTCOME);
  }

  @Test
  void emrSteps_shouldBeNamedSparkSubmitSteps_whenDefinitionsRunSparkJobs() {
    Map<String, String> jarByStep = new java.util.HashMap<>();
    for (String resource : Definitions.ALL) {
      tasks(StateMachineDefinition.fromClasspath(resource, Map.of())).values().stream()
          .filter(t -> t.get("Resource").asText().equals(EMR))
          .forEach(
              t -> {
                assertThat(t.at("/Parameters/ClusterId").asText())
                    .isEqualTo(Definitions.placeholder(Definitions.EMR_CLUSTER_ID));
                assertThat(t.at("/Parameters/Step/ActionOnFailure").asText()).isEqualTo("CONTINUE");
                assertThat(t.at("/Parameters/Step/HadoopJarStep/Jar").asText())
                    .isEqualTo("command-runner.jar");
                String args = t.at("/Parameters/Step/HadoopJarStep/Args.$").asText();
                jarByStep.put(
                    t.at("/Parameters/Step/Name").asText(),
                    args.replaceAll(".*'(\\$\\{[A-Za-z]+})'.*", "$1"));
              });
    }
    assertThat(jarByStep)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Definitions.REDUCER_STEP,
                    Definitions.placeholder(Definitions.STATELESS_REDUCER_JAR_URI),
                Definitions.PREFETCHER_STEP,
                    Definitions.placeholder(Definitions.PREFETCHER_JAR_URI),
                Definitions.PROCESSOR_STEP,
                    Definitions.placeholder(Definitions.STATEFUL_PROCESSOR_JAR_URI)));
  }

  @Test
  void emrSteps_shouldCarryTheJobSettingsAndMainClass_onTheirSparkSubmitLine() {
    // The settings a stack update may change travel with each step (issue 13, defect 9); the
    // cluster's Configurations would replace the cluster to change them.
    Map<String, String> expectedConf = new java.util.LinkedHashMap<>();
    Definitions.JOB_SETTINGS.forEach(
        (variable, placeholder) ->
            expectedConf.put(
                "spark.yarn.appMasterEnv." + variable, Definitions.placeholder(placeholder)));
    Map<String, String> classByStep = new java.util.HashMap<>();
    for (String resource : Definitions.ALL) {
      StateMachineDefinition d = StateMachineDefinition.fromClasspath(resource, Map.of());
      for (JsonNode t : tasks(d).values()) {
        if (!t.get("Resource").asText().equals(EMR)) {
          continue;
        }
        JsonNode request = stepRequest(t, resource);
        assertThat(EmrStepRequest.sparkConf(request))
            .as(resource)
            .containsExactlyInAnyOrderEntriesOf(expectedConf);
        classByStep.put(EmrStepRequest.stepName(request), EmrStepRequest.mainClass(request));
        assertThat(EmrStepRequest.applicationArgs(request)).as(resource).startsWith("--batch");
      }
    }
    assertThat(classByStep).containsExactlyInAnyOrderEntriesOf(Definitions.STEP_MAIN_CLASS);
  }

  /** The request an EMR Task sends, its {@code Parameters} applied to a sample plan. */
  private static JsonNode stepRequest(JsonNode task, String resource) {
    return dev.recon.stepfunctions.internal.PayloadTemplate.apply(
        task.get("Parameters"),
        Json.of("{'tenant': 'acme', 'plan': {'statelessBatch': 3, 'statefulBatch': 4}}"),
        Json.of("{}"));
  }

  @Test
  void stateless_shouldSendContractRequests_whenRunWithRegisteredHandlers() {
    // GIVEN handlers registered as the wiring will register them, recording their requests
    List<JsonNode> backlog = new ArrayList<>();
    List<JsonNode> steps = new ArrayList<>();
    List<JsonNode> starts = new ArrayList<>();
    TaskRegistry tasks =
        new TaskRegistry()
            .lambda(
                Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN),
                request -> {
                  backlog.add(request);
                  return request.get("action").asText().equals("planStateless")
                      ? Json.of(
                          "{'planned': true, 'statelessBatch': 3, 'inputs': ['input/a.jsonl']}")
                      : Json.of("{'status': 'EXECUTING'}");
                })
            .emrStep(
                Definitions.REDUCER_STEP,
                request -> {
                  steps.add(request);
                  return Json.of("{'Step': {'Status': {'State': 'COMPLETED'}}}");
                })
            .startExecution(
                Definitions.placeholder(Definitions.STATEFUL_STATE_MACHINE_ARN),
                request -> {
                  starts.add(request);
                  return Json.of(
                      "{'ExecutionArn': 'arn:local:stateful:1', 'StartDate': '2026-01-01T00:00:00Z'}");
                });

    // WHEN
    ExecutionResult result =
        StateMachineRunner.builder(tasks)
            .sleeper(Sleeper.none())
            .build()
            .run(Definitions.stateless(Map.of()), Json.of("{'trigger': 'schedule'}"), "s-1");

    // THEN
    assertThat(result.visitedStates())
        .containsExactly(
            "Tenant",
            "Plan",
            "HasWork",
            "StartBatch",
            "Reduce",
            "Complete",
            "StartStateful",
            "Done");
    String owner = result.executionArn();
    assertThat(backlog)
        .containsExactly(
            Json.of("{'action': 'planStateless', 'tenant': 'default'}"),
            Json.of("{'action': 'start', 'kind': 'STATELESS', 'batch': 3, 'tenant': 'default'}"),
            Json.of(
                "{'action': 'complete', 'kind': 'STATELESS', 'batch': 3, 'tenant': 'default'}"));
    assertThat(EmrStepRequest.applicationJar(steps.get(0))).isEqualTo("${StatelessReducerJarUri}");
    assertThat(EmrStepRequest.applicationArgs(steps.get(0)))
        .containsExactly("--batch", "3", "--tenant", "default");
    assertThat(starts)
        .containsExactly(
            Json.of(
                "{'StateMachineArn': '${StatefulStateMachineArn}', 'Input': "
                    + "{'trigger': 'stateless', 'statelessBatch': 3, 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID': '"
                    + owner
                    + "', 'tenant': 'default'}}"));
    assertThat(result.output().get("stateful"))
        .isEqualTo(Json.of("{'executionArn': 'arn:local:stateful:1'}"));
  }

  @Test
  void stateless_shouldRecordFailureAndFailWithOriginalError_whenReducerStepFails() {
    List<JsonNode> backlog = new ArrayList<>();
    TaskRegistry tasks =
        new TaskRegistry()
            .lambda(
                Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN),
                request -> {
                  backlog.add(request);
                  return Json.of("{'planned': true, 'statelessBatch': 8}");
                })
            .emrStep(
                Definitions.REDUCER_STEP,
                request -> {
                  throw new TaskFailure(
                      "States.TaskFailed", "{\"Step\":{\"Status\":{\"State\":\"FAILED\"}}}");
                });

    ExecutionResult result =
        StateMachineRunner.builder(tasks)
            .sleeper(Sleeper.none())
            .build()
            .run(Definitions.stateless(Map.of()), Json.of("{}"), "s-2");

    assertThat(result.visitedStates())
        .containsExactly(
            "Tenant", "Plan", "HasWork", "StartBatch", "Reduce", "RecordFailure", "Failed");
    assertThat(result.retries("Reduce")).isZero();
    assertThat(result.error()).isEqualTo("States.TaskFailed");
    assertThat(backlog.get(2))
        .isEqualTo(
            Json.parse(
                "{\"action\": \"fail\", \"kind\": \"STATELESS\", \"batch\": 8, "
                    + "\"errorInfo\": {\"Error\": \"States.TaskFailed\", \"Cause\": \"{\\\"Step\\\":{\\\"Status\\\":{\\\"State\\\":\\\"FAILED\\\"}}}\"}, "
                    + "\"tenant\": \"default\"}"));
  }
}
