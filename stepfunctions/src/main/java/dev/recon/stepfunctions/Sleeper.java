package dev.recon.stepfunctions;

import java.time.Duration;

/**
 * How the runner waits (Wait states, Retry intervals). Injectable so tests never sleep for real and
 * local runs can compress time.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps for the full duration. */
  static Sleeper real() {
    return d -> Thread.sleep(d.toMillis());
  }

  /**
   * Sleeps {@code factor} times the duration (0 &lt; factor), e.g. 0.01 to run 100 times faster.
   */
  static Sleeper scaled(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("factor must be > 0: " + factor);
    }
    return d -> Thread.sleep(Math.round(d.toMillis() * factor));
  }

  /** Never sleeps; the requested durations still appear in the execution's events. */
  static Sleeper none() {
    return d -> {};
  }
}
