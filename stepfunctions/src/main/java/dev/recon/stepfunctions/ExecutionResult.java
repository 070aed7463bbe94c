package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one execution.
 *
 * @param executionArn the execution's id ({@code $$.Execution.Id})
 * @param status SUCCEEDED or FAILED
 * @param output the final output when SUCCEEDED, else null
 * @param error the error name when FAILED (a Fail state's Error or the uncaught error), else null
 * @param cause the cause when FAILED, else null
 * @param visitedStates the top-level states entered, in order (a retried state appears once per
 *     entry, not per attempt, as in the AWS execution history)
 * @param events the full history, including states inside Map and Parallel
 */
public record ExecutionResult(
    String executionArn,
    Status status,
    JsonNode output,
    String error,
    String cause,
    List<String> visitedStates,
    List<ExecutionEvent> events) {

  public enum Status {
    SUCCEEDED,
    FAILED
  }

  public ExecutionResult {
    visitedStates = List.copyOf(visitedStates);
    events = List.copyOf(events);
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }

  /** The number of retries of a state over the whole execution. */
  public long retries(String state) {
    return events.stream()
        .filter(e -> e.type() == ExecutionEvent.Type.STATE_RETRIED && e.state().equals(state))
        .count();
  }

  /** The delays requested before each retry of a state, in order. */
  public List<Duration> retryDelays(String state) {
    return events.stream()
        .filter(e -> e.type() == ExecutionEvent.Type.STATE_RETRIED && e.state().equals(state))
        .map(ExecutionEvent::delay)
        .toList();
  }
}
