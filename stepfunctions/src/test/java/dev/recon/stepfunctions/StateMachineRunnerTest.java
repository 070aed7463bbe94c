package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StateMachineRunnerTest {

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper recordingSleeper = sleeps::add;

  private static StateMachineDefinition machine(String json) {
    return StateMachineDefinition.parse("test", json.replace('\'', '"'), Map.of());
  }

  private StateMachineRunner runner(TaskRegistry tasks) {
    return StateMachineRunner.builder(tasks).sleeper(recordingSleeper).build();
  }

  /** A handler answering from a script: each element is a result, or a TaskFailure to throw. */
  private static TaskHandler scripted(Object... script) {
    Iterator<Object> it = List.of(script).iterator();
    return input -> {
      Object next = it.next();
      if (next instanceof TaskFailure f) {
        throw f;
      }
      return (JsonNode) next;
    };
  }

  @Test
  void run_shouldProcessInputAndOutputPaths_whenTaskDeclaresThemAll() {
    // GIVEN a Task with InputPath, Parameters (path, context path and intrinsic), ResultSelector,
    // ResultPath and OutputPath
    StateMachineDefinition def =
        StateMachineDefinition.parse(
            "test",
            """
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "fn",
          "InputPath": "$.order",
          "Parameters": {"id.$": "$.id", "state.$": "$$.State.Name", "label.$": "States.Format('o-{}', $.n)", "fixed": {"a": 1}},
          "ResultSelector": {"total.$": "$.sum"},
          "ResultPath": "$.result.nested",
          "OutputPath": "$.result",
          "End": true}}}
        """,
            Map.of());
    List<JsonNode> seen = new ArrayList<>();
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "fn",
                input -> {
                  seen.add(input);
                  return Json.of("{'sum': 7, 'ignored': true}");
                });

    // WHEN
    ExecutionResult result =
        runner(tasks).run(def, Json.of("{'order': {'id': 'o1', 'n': 3}, 'other': 1}"));

    // THEN the handler saw the Parameters, the output is shaped by the result fields
    assertThat(result.succeeded()).isTrue();
    assertThat(seen)
        .containsExactly(Json.of("{'id': 'o1', 'state': 'T', 'label': 'o-3', 'fixed': {'a': 1}}"));
    assertThat(result.output()).isEqualTo(Json.of("{'nested': {'total': 7}}"));
  }

  @Test
  void run_shouldKeepInput_whenResultPathIsNull() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'fn', 'ResultPath': null, 'End': true}}}
        """);
    ExecutionResult result =
        runner(new TaskRegistry().resource("fn", in -> Json.of("{'x': 1}")))
            .run(def, Json.of("{'keep': true}"));
    assertThat(result.output()).isEqualTo(Json.of("{'keep': true}"));
  }

  @Test
  void run_shouldRetryWithBackoffCappedByMaxDelay_whenErrorMatchesRetrier() {
    // GIVEN a retrier with interval 2 s, backoff 2, cap 5 s, 3 attempts; the task fails 3 times
    // then succeeds
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'fn',
          'Retry': [{'ErrorEquals': ['Other'], 'MaxAttempts': 5},
                    {'ErrorEquals': ['Lambda.TooManyRequestsException'], 'IntervalSeconds': 2, 'BackoffRate': 2.0, 'MaxAttempts': 3, 'MaxDelaySeconds': 5}],
          'End': true}}}
        """);
    TaskFailure throttled = new TaskFailure("Lambda.TooManyRequestsException", "slow down");
    TaskRegistry tasks =
        new TaskRegistry()
            .resource("fn", scripted(throttled, throttled, throttled, Json.of("{'ok': true}")));

    // WHEN
    ExecutionResult result = runner(tasks).run(def, Json.of("{}"));

    // THEN it succeeded after three retries waiting 2, 4 and 5 (capped) seconds
    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).isEqualTo(Json.of("{'ok': true}"));
    assertThat(result.retryDelays("T"))
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertThat(result.visitedStates()).containsExactly("T");
  }

  @Test
  void run_shouldCatchWithErrorObject_whenRetriesAreExhausted() {
    // GIVEN the default retrier settings (3 attempts) and a catcher for the same error
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {
          'T': {'Type': 'Task', 'Resource': 'fn', 'IntervalSeconds': 1,
                'Retry': [{'ErrorEquals': ['Boom']}],
                'Catch': [{'ErrorEquals': ['Other'], 'Next': 'Wrong'}, {'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Handled'}],
                'Next': 'Wrong'},
          'Wrong': {'Type': 'Succeed'},
          'Handled': {'Type': 'Pass', 'End': true}}}
        """);
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "fn",
                input -> {
                  throw new TaskFailure("Boom", "it broke");
                });

    // WHEN
    ExecutionResult result = runner(tasks).run(def, Json.of("{'in': 1}"));

    // THEN 1 + 3 attempts with delays 1, 2, 4 s; the error object lands at the catcher's ResultPath
    assertThat(result.retryDelays("T"))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(result.visitedStates()).containsExactly("T", "Handled");
    assertThat(result.output())
        .isEqualTo(Json.of("{'in': 1, 'error': {'Error': 'Boom', 'Cause': 'it broke'}}"));
  }

  @Test
  void run_shouldNotRetry_whenMaxAttemptsIsZeroOrErrorIsNotListed() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'fn',
          'Retry': [{'ErrorEquals': ['Boom'], 'MaxAttempts': 0}, {'ErrorEquals': ['Throttled']}], 'End': true}}}
        """);
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "fn",
                input -> {
                  throw new TaskFailure("Boom", "bad data");
                });

    ExecutionResult result = runner(tasks).run(def, Json.of("{}"));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("Boom");
    assertThat(result.cause()).isEqualTo("bad data");
    assertThat(result.retries("T")).isZero();
  }

  @Test
  void run_shouldMatchTaskFailedExceptTimeout_whenRetrierUsesTaskFailed() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'fn',
          'Retry': [{'ErrorEquals': ['States.TaskFailed'], 'MaxAttempts': 1}], 'End': true}}}
        """);
    TaskRegistry custom =
        new TaskRegistry().resource("fn", scripted(new TaskFailure("Custom", "x"), Json.of("1")));
    TaskRegistry timeout =
        new TaskRegistry()
            .resource("fn", scripted(new TaskFailure("States.Timeout", "slow"), Json.of("1")));

    assertThat(runner(custom).run(def, Json.of("{}")).succeeded()).isTrue();
    ExecutionResult timedOut = runner(timeout).run(def, Json.of("{}"));
    assertThat(timedOut.succeeded()).isFalse();
    assertThat(timedOut.error()).isEqualTo("States.Timeout");
  }

  @Test
  void run_shouldReportClassNameAsError_whenHandlerThrowsRuntimeException() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'fn', 'End': true}}}
        """);
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "fn",
                input -> {
                  throw new IllegalArgumentException("negative amount");
                });

    ExecutionResult result = runner(tasks).run(def, Json.of("{}"));

    assertThat(result.error()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(result.cause()).isEqualTo("negative amount");
  }

  @Test
  void run_shouldFailWithoutCatching_whenPathIsMissing() {
    // GIVEN a Parameters path that selects nothing: States.Runtime, which States.ALL does not catch
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {
          'T': {'Type': 'Task', 'Resource': 'fn', 'Parameters': {'x.$': '$.missing'},
                'Retry': [{'ErrorEquals': ['States.ALL']}],
                'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}], 'End': true},
          'Caught': {'Type': 'Succeed'}}}
        """);
    ExecutionResult result =
        runner(new TaskRegistry().resource("fn", in -> in)).run(def, Json.of("{}"));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("States.Runtime");
    assertThat(result.cause()).contains("$.missing");
    assertThat(result.visitedStates()).containsExactly("T");
  }

  @Test
  void run_shouldFailWithRuntimeError_whenNoHandlerIsRegistered() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': '${Fn}', 'End': true}}}
        """);
    ExecutionResult result = runner(new TaskRegistry()).run(def, Json.of("{}"));

    assertThat(result.error()).isEqualTo("States.Runtime");
    assertThat(result.cause()).contains("resource:${Fn}");
  }

  @Test
  void run_shouldEndWithFailStateErrorAndCause_whenFailStateIsReached() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'P', 'States': {
          'P': {'Type': 'Pass', 'Result': {'Error': 'E1', 'Cause': 'C1'}, 'ResultPath': '$.e', 'Next': 'F'},
          'F': {'Type': 'Fail', 'ErrorPath': '$.e.Error', 'CausePath': '$.e.Cause'}}}
        """);
    ExecutionResult result = runner(new TaskRegistry()).run(def, Json.of("{}"));

    assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(result.error()).isEqualTo("E1");
    assertThat(result.cause()).isEqualTo("C1");
    assertThat(result.output()).isNull();
    assertThat(result.visitedStates()).containsExactly("P", "F");
  }

  @Test
  void run_shouldFollowChoicesAndDefault_whenRulesCombineOperators() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'C', 'States': {
          'C': {'Type': 'Choice', 'Choices': [
                  {'And': [{'Variable': '$.n', 'NumericGreaterThan': 10}, {'Not': {'Variable': '$.s', 'StringEquals': 'x'}}], 'Next': 'Big'},
                  {'Variable': '$.flag', 'IsPresent': true, 'Next': 'Flag'}],
                'Default': 'Other'},
          'Big': {'Type': 'Succeed'}, 'Flag': {'Type': 'Succeed'}, 'Other': {'Type': 'Succeed'}}}
        """);
    StateMachineRunner runner = runner(new TaskRegistry());

    assertThat(runner.run(def, Json.of("{'n': 11, 's': 'y'}")).visitedStates())
        .containsExactly("C", "Big");
    assertThat(runner.run(def, Json.of("{'n': 11, 's': 'x', 'flag': 1}")).visitedStates())
        .containsExactly("C", "Flag");
    assertThat(runner.run(def, Json.of("{'n': 1, 's': 'x'}")).visitedStates())
        .containsExactly("C", "Other");
  }

  @Test
  void run_shouldFailWithNoChoiceMatched_whenNoRuleMatchesAndNoDefault() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'C', 'States': {
          'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.n', 'NumericEquals': 1, 'Next': 'One'}]},
          'One': {'Type': 'Succeed'}}}
        """);
    ExecutionResult result = runner(new TaskRegistry()).run(def, Json.of("{'n': 2}"));
    assertThat(result.error()).isEqualTo("States.NoChoiceMatched");
  }

  @Test
  void run_shouldWaitThroughSleeper_whenWaitStatesUseSecondsPathsAndTimestamps() {
    // GIVEN a fixed clock and three Wait states
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'W1', 'States': {
          'W1': {'Type': 'Wait', 'Seconds': 30, 'Next': 'W2'},
          'W2': {'Type': 'Wait', 'SecondsPath': '$.delay', 'Next': 'W3'},
          'W3': {'Type': 'Wait', 'TimestampPath': '$.at', 'End': true}}}
        """);
    StateMachineRunner runner =
        StateMachineRunner.builder(new TaskRegistry())
            .sleeper(recordingSleeper)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();

    // WHEN
    ExecutionResult result = runner.run(def, Json.of("{'delay': 5, 'at': '2026-01-01T00:01:00Z'}"));

    // THEN nothing slept for real; the requested waits were 30 s, 5 s and 60 s
    assertThat(result.succeeded()).isTrue();
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  @Test
  void run_shouldCollectResults_whenMapAndParallelRunTheirItemsAndBranches() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'M', 'States': {
          'M': {'Type': 'Map', 'ItemsPath': '$.items',
                'ItemSelector': {'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'tag.$': '$.tag'},
                'ItemProcessor': {'StartAt': 'Double', 'States': {'Double': {'Type': 'Task', 'Resource': 'double', 'End': true}}},
                'ResultPath': '$.doubled', 'Next': 'P'},
          'P': {'Type': 'Parallel', 'Branches': [
                  {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Result': 'a', 'End': true}}},
                  {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'InputPath': '$.tag', 'End': true}}}],
                'ResultPath': '$.branches', 'End': true}}}
        """);
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "double",
                in ->
                    Json.of(
                        "{'v': "
                            + in.get("value").asInt() * 2
                            + ", 'i': "
                            + in.get("index").asInt()
                            + ", 't': '"
                            + in.get("tag").asText()
                            + "'}"));

    ExecutionResult result = runner(tasks).run(def, Json.of("{'items': [1, 2], 'tag': 'z'}"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.output())
        .isEqualTo(
            Json.of(
                "{'items': [1, 2], 'tag': 'z', 'doubled': [{'v': 2, 'i': 0, 't': 'z'}, {'v': 4, 'i': 1, 't': 'z'}], 'branches': ['a', 'z']}"));
    assertThat(result.visitedStates()).containsExactly("M", "P");
    assertThat(result.events()).extracting(ExecutionEvent::state).contains("M[1]/Double", "P[1]/B");
  }

  @Test
  void run_shouldCatchBranchError_whenParallelBranchFails() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'P', 'States': {
          'P': {'Type': 'Parallel', 'Branches': [
                  {'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'Branch.Broke', 'Cause': 'b'}}}],
                'Catch': [{'ErrorEquals': ['Branch.Broke'], 'ResultPath': '$.err', 'Next': 'Done'}], 'End': true},
          'Done': {'Type': 'Succeed'}}}
        """);
    ExecutionResult result = runner(new TaskRegistry()).run(def, Json.of("{}"));

    assertThat(result.visitedStates()).containsExactly("P", "Done");
    assertThat(result.output())
        .isEqualTo(Json.of("{'err': {'Error': 'Branch.Broke', 'Cause': 'b'}}"));
  }

  @Test
  void run_shouldFailWithTimeout_whenTaskOutlivesTimeoutSecondsAndTimeoutsAreEnabled() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'slow', 'TimeoutSeconds': 1, 'End': true}}}
        """);
    TaskRegistry tasks =
        new TaskRegistry()
            .resource(
                "slow",
                in -> {
                  try {
                    Thread.sleep(10_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return in;
                });
    StateMachineRunner runner =
        StateMachineRunner.builder(tasks)
            .sleeper(recordingSleeper)
            .taskTimeoutsEnabled(true)
            .build();

    long start = System.nanoTime();
    ExecutionResult result = runner.run(def, Json.of("{}"));

    assertThat(result.error()).isEqualTo("States.Timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void run_shouldStopWithRuntimeError_whenTransitionsExceedTheLimit() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'}}}
        """);
    ExecutionResult result =
        StateMachineRunner.builder(new TaskRegistry())
            .maxTransitions(10)
            .build()
            .run(def, Json.of("{}"));

    assertThat(result.error()).isEqualTo("States.Runtime");
    assertThat(result.visitedStates()).hasSize(10);
  }

  @Test
  void run_shouldExposeExecutionContext_whenPathsStartWithDoubleDollar() {
    StateMachineDefinition def =
        machine(
            """
        {'StartAt': 'P', 'States': {'P': {'Type': 'Pass',
          'Parameters': {'id.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name', 'input.$': '$$.Execution.Input', 'machine.$': '$$.StateMachine.Name'},
          'End': true}}}
        """);
    ExecutionResult result = runner(new TaskRegistry()).run(def, Json.of("{'a': 1}"), "exec-1");

    assertThat(result.executionArn()).endsWith(":execution:test:exec-1");
    assertThat(result.output())
        .isEqualTo(
            Json.of(
                "{'id': '"
                    + result.executionArn()
                    + "', 'name': 'exec-1', 'input': {'a': 1}, 'machine': 'test'}"));
  }

  @Test
  void parse_shouldListEveryProblem_whenTransitionsPointNowhere() {
    assertThatThrownBy(
            () ->
                machine(
                    """
        {'StartAt': 'A', 'States': {
          'A': {'Type': 'Task', 'Resource': 'x', 'Next': 'Missing', 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Gone'}]},
          'B': {'Type': 'Pass'},
          'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsNull': true, 'Next': 'Nowhere'}]}}}
        """))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("A: Next 'Missing' is not a state")
        .hasMessageContaining("A: Catch: Next 'Gone' is not a state")
        .hasMessageContaining("B: needs exactly one of Next and End")
        .hasMessageContaining("C: Choices: Next 'Nowhere' is not a state");
  }

  @Test
  void parse_shouldSubstitutePlaceholdersAndKeepUnknownOnes_whenValuesAreGiven() {
    StateMachineDefinition def =
        StateMachineDefinition.parse(
            "m",
            "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"${A}\", \"Comment\": \"${B}\", \"End\": true}}}",
            Map.of("A", "arn:aws:lambda:us-east-1:1:function:a"));

    assertThat(def.json().at("/States/T/Resource").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:1:function:a");
    assertThat(def.unresolvedPlaceholders()).containsExactly("B");
  }
}
