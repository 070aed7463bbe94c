package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the local runner against an independent implementation: each scenario runs the bundled
 * definition in {@link StateMachineRunner} and in the npm package aws-local-stepfunctions (through
 * src/test/node/harness.cjs) with the same canned task responses, and the two must agree on the
 * visited states, the input of every task call (so Parameters and intrinsic functions too), and the
 * final output or error and cause. Skipped, with a message, where node is absent.
 */
class CrossCheckTest {
  private static final Path MODULE = NodeTools.moduleDir();

  static Stream<Arguments> scenarios() {
    String statefulStart =
        "'AcquireBatch': [{'result': {'planned': true, 'statefulBatch': 7, 'statelessFrom': 3, 'statelessTo': 4}}]";
    String acquired = "{'result': {'acquired': true, 'reason': 'ACQUIRED'}}";
    String busy = "{'result': {'acquired': false, 'reason': 'BUSY'}}";
    String stageOk =
        "'Prefetch': [{'echo': true}], 'Process': [{'echo': true}],"
            + " 'Index': [{'result': {'batch': 7, 'status': 'EXECUTING'}}, {'result': {'batch': 7, 'status': 'SUCCESS', 'artifacts': 42}}],"
            + " 'ReleaseStage': [{'result': {}}], 'Complete': [{'result': {'status': 'SUCCESS'}}]";
    return Stream.of(
        Arguments.of(
            "stateless happy path",
            Definitions.STATELESS,
            "{'trigger': 'schedule'}",
            "{'Plan': [{'result': {'planned': true, 'statelessBatch': 3, 'inputs': ['input/a']}}], 'StartBatch': [{'result': {}}],"
                + " 'Reduce': [{'echo': true}], 'Complete': [{'result': {'status': 'SUCCESS'}}],"
                + " 'StartStateful': [{'result': {'ExecutionArn': 'arn:aws:states:us-east-1:1:execution:s:x', 'StartDate': '2026-01-01T00:00:00Z'}}]}",
            "Done"),
        Arguments.of(
            "stateless nothing planned",
            Definitions.STATELESS,
            "{}",
            "{'Plan': [{'result': {'planned': false, 'reason': 'no pending input'}}]}",
            "NothingToDo"),
        Arguments.of(
            "stateless batch canceled before it ran",
            Definitions.STATELESS,
            "{}",
            "{'Plan': [{'result': {'planned': true, 'statelessBatch': 2}}],"
                + " 'StartBatch': [{'error': 'dev.recon.backlog.BatchCanceledException', 'cause': 'canceled by ops'}]}",
            "Canceled"),
        Arguments.of(
            "stateless retries throttling, then succeeds",
            Definitions.STATELESS,
            "{}",
            "{'Plan': [{'error': 'Lambda.TooManyRequestsException', 'cause': 'rate'}, {'error': 'Lambda.ServiceException', 'cause': 'x'},"
                + " {'result': {'planned': true, 'statelessBatch': 4}}], 'StartBatch': [{'result': {}}],"
                + " 'Reduce': [{'error': 'ElasticMapReduce.AmazonElasticMapReduceException', 'cause': 'Rate exceeded'}, {'echo': true}],"
                + " 'Complete': [{'error': 'dev.recon.core.error.StoreUnavailableException', 'cause': 'throttled'}, {'result': {}}],"
                + " 'StartStateful': [{'result': {'ExecutionArn': 'e', 'StartDate': 'd'}}]}",
            "Done"),
        Arguments.of(
            "stateless bad data is caught and recorded",
            Definitions.STATELESS,
            "{}",
            "{'Plan': [{'result': {'planned': true, 'statelessBatch': 5}}], 'StartBatch': [{'result': {}}],"
                + " 'Reduce': [{'error': 'Recon.BadInput', 'cause': 'line 3: bad amount'}],"
                + " 'RecordFailure': [{'result': {}}]}",
            "Failed"),
        Arguments.of(
            "stateless step timeouts exhaust their retrier",
            Definitions.STATELESS,
            "{}",
            "{'Plan': [{'result': {'planned': true, 'statelessBatch': 6}}], 'StartBatch': [{'result': {}}],"
                + " 'Reduce': [{'error': 'States.Timeout', 'cause': 'lost executor'}],"
                + " 'RecordFailure': [{'error': 'Lambda.TooManyRequestsException', 'cause': 'rate'}, {'result': {}}]}",
            "Failed"),
        Arguments.of(
            "stateful assembly line with a busy stage",
            Definitions.STATEFUL,
            "{'trigger': 'stateless', 'statelessBatch': 3}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + busy
                + ", "
                + busy
                + ", "
                + acquired
                + "], "
                + stageOk
                + "}",
            "Done"),
        Arguments.of(
            "stateful resumes after its done prefetch",
            Definitions.STATEFUL,
            "{'retryFailed': true}",
            "{'AcquireBatch': [{'result': {'planned': true, 'statefulBatch': 9}}],"
                + " 'AcquireStage': [{'result': {'acquired': false, 'reason': 'DONE'}}, "
                + acquired
                + "], "
                + stageOk
                + "}",
            "Done"),
        Arguments.of(
            "stateful nothing to acquire",
            Definitions.STATEFUL,
            "{}",
            "{'AcquireBatch': [{'result': {'planned': false, 'reason': 'BLOCKED', 'blockedBy': 4}}]}",
            "NothingToDo"),
        Arguments.of(
            "stateful predecessor failed: released, blocked",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + busy
                + ", {'result': {'acquired': false, 'reason': 'PREDECESSOR_FAILED'}}],"
                + " 'ReleaseBatch': [{'result': {}}]}",
            "Blocked"),
        Arguments.of(
            "stateful index throttled then process bad data",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + acquired
                + "], 'Prefetch': [{'echo': true}],"
                + " 'Process': [{'error': 'Recon.BadInput', 'cause': 'unparseable part-file'}], 'ReleaseStage': [{'result': {}}],"
                + " 'RecordFailure': [{'result': {}}]}",
            "Failed"),
        Arguments.of(
            "stateful indexing fails in a worker",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + acquired
                + "], 'Prefetch': [{'echo': true}], 'Process': [{'echo': true}],"
                + " 'ReleaseStage': [{'result': {}}], 'Index': [{'result': {'batch': 7, 'status': 'FAILURE', 'error': 'worker 3: 3 attempts'}}],"
                + " 'RecordFailure': [{'result': {}}]}",
            "Failed"),
        Arguments.of(
            "stateful indexer retried then succeeds",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + acquired
                + "], "
                + stageOk.replace(
                    "'Index': [",
                    "'Index': [{'error': 'Lambda.TooManyRequestsException', 'cause': 'r'}, {'error': 'Lambda.SdkClientException', 'cause': 's'}, ")
                + "}",
            "Done"),
        Arguments.of(
            "stateful store unavailable beyond its retries",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + acquired
                + "], 'Prefetch': [{'echo': true}], 'ReleaseStage': [{'result': {}}],"
                + " 'Process': [{'echo': true}], 'Index': [{'error': 'dev.recon.core.error.StoreUnavailableException', 'cause': 'ddb'}],"
                + " 'RecordFailure': [{'result': {}}]}",
            "Failed"),
        Arguments.of(
            "stateful stage wait limit",
            Definitions.STATEFUL,
            "{}",
            "{"
                + statefulStart
                + ", 'AcquireStage': ["
                + busy
                + "], 'ReleaseBatch': [{'result': {}}]}",
            "StageWaitTimedOut"));
  }

  /** Both runs of one scenario. */
  private record Runs(ExecutionResult local, ArrayNode localCalls, JsonNode reference) {}

  private static final Map<String, Runs> RUNS = new HashMap<>();

  /** Runs every scenario locally, then all of them in one node process (node starts take ~1 s). */
  @BeforeAll
  static void runAllScenarios() {
    if (NodeTools.nodeVersion().isEmpty()
        || !Files.isDirectory(MODULE.resolve("node_modules/aws-local-stepfunctions"))) {
      return; // each test then skips with the message from NodeTools.assumeInstalled
    }
    List<String> names = new ArrayList<>();
    List<ExecutionResult> results = new ArrayList<>();
    List<ArrayNode> calls = new ArrayList<>();
    ArrayNode requests = Json.MAPPER.createArrayNode();
    scenarios()
        .forEach(
            arguments -> {
              Object[] a = arguments.get();
              StateMachineDefinition definition =
                  StateMachineDefinition.fromClasspath((String) a[1], FakeArns.SUBSTITUTIONS);
              JsonNode input = Json.of((String) a[2]);
              JsonNode script = Json.of((String) a[3]);
              CannedTasks canned = new CannedTasks(script);
              ExecutionResult local =
                  StateMachineRunner.builder(canned)
                      .sleeper(Sleeper.none())
                      .build()
                      .run(definition, input, "cross-check");
              ObjectNode request = requests.addObject();
              request.set("definition", definition.json());
              request.set("input", input);
              request
                  .putObject("context")
                  .putObject("Execution")
                  .put("Id", local.executionArn())
                  .put("Name", "cross-check");
              request.set("tasks", script);
              names.add((String) a[0]);
              results.add(local);
              calls.add(canned.calls());
            });
    NodeTools.Result run =
        NodeTools.run(
            MODULE,
            requests.toString(),
            Duration.ofSeconds(120),
            List.of("node", MODULE.resolve("src/test/node/harness.cjs").toString()));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode references = Json.parse(run.stdout());
    for (int i = 0; i < names.size(); i++) {
      RUNS.put(names.get(i), new Runs(results.get(i), calls.get(i), references.get(i)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void runner_shouldAgreeWithAwsLocalStepFunctions_whenTasksAnswerAlike(
      String name, String resource, String input, String tasks, String lastState) {
    NodeTools.assumeInstalled(MODULE, "aws-local-stepfunctions");
    Runs runs = RUNS.get(name);
    ExecutionResult local = runs.local();
    JsonNode reference = runs.reference();

    // THEN the scenario took the intended path, and both agree on everything observable
    assertThat(local.visitedStates()).last().isEqualTo(lastState);
    assertThat(local.visitedStates())
        .isEqualTo(Json.MAPPER.convertValue(reference.get("visited"), List.class));
    assertThat(runs.localCalls()).isEqualTo(reference.get("calls"));
    assertThat(local.status().name()).isEqualTo(reference.get("status").asText());
    if (local.succeeded()) {
      assertThat(local.output()).isEqualTo(reference.get("output"));
    } else {
      assertThat(local.error()).isEqualTo(reference.get("error").asText());
      assertThat(local.cause()).isEqualTo(reference.get("cause").asText());
    }
  }
}
