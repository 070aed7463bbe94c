package dev.recon.stepfunctions;

import java.time.Duration;

/**
 * One entry of an execution's history.
 *
 * @param type what happened
 * @param state the state's name, prefixed by its enclosing Map or Parallel state ({@code Map/Item})
 * @param error the error name for {@link Type#STATE_FAILED}, {@link Type#STATE_RETRIED} and {@link
 *     Type#STATE_CAUGHT}, else null
 * @param delay the requested sleep for {@link Type#STATE_RETRIED} and {@link Type#WAITED}, else
 *     {@link Duration#ZERO}
 */
public record ExecutionEvent(Type type, String state, String error, Duration delay) {

  public enum Type {
    STATE_ENTERED,
    STATE_EXITED,
    /** One attempt of a Task, Map or Parallel state failed. */
    STATE_FAILED,
    /** A Retry matched; the state runs again after {@code delay}. */
    STATE_RETRIED,
    /** A Catch matched; the execution continues at the catcher's Next. */
    STATE_CAUGHT,
    /** A Wait state waited {@code delay}. */
    WAITED
  }
}
