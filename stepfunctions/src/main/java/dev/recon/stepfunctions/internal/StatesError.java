package dev.recon.stepfunctions.internal;

/**
 * An error raised while running a state: the States Language {@code Error} and {@code Cause}.
 * {@code States.Runtime} errors (bad paths, missing handlers, definition problems found at run
 * time) are neither retried nor caught, as on AWS: they end the execution.
 */
public final class StatesError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final String ALL = "States.ALL";
  public static final String RUNTIME = "States.Runtime";
  public static final String TIMEOUT = "States.Timeout";
  public static final String TASK_FAILED = "States.TaskFailed";
  public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
  public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
  public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";

  private final String error;
  private final String errorCause;

  public StatesError(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.errorCause = cause == null ? "" : cause;
  }

  public static StatesError runtime(String cause) {
    return new StatesError(RUNTIME, cause);
  }

  public String error() {
    return error;
  }

  public String errorCause() {
    return errorCause;
  }

  /** Whether Retry and Catch may handle it; {@code States.Runtime} ends the execution. */
  public boolean handleable() {
    return !RUNTIME.equals(error);
  }
}
