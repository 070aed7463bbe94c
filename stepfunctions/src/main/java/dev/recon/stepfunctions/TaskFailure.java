package dev.recon.stepfunctions;

import java.util.Objects;

/** A Task's failure with a States Language error name and cause, as Retry and Catch see them. */
public class TaskFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String error;
  private final String cause;

  public TaskFailure(String error, String cause) {
    super(error + ": " + cause);
    this.error = Objects.requireNonNull(error, "error");
    this.cause = cause == null ? "" : cause;
  }

  public TaskFailure(String error, String cause, Throwable source) {
    this(error, cause);
    initCause(source);
  }

  /** The error name matched by {@code ErrorEquals}. */
  public String error() {
    return error;
  }

  /** Human-readable detail; the {@code Cause} field of the error output. */
  public String errorCause() {
    return cause;
  }
}
