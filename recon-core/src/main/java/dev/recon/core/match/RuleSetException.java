package dev.recon.core.match;

import java.util.List;

/**
 * A rule set file that is not valid: every problem found, each as {@code file:line: field:
 * message}.
 */
public final class RuleSetException extends RuntimeException {
  private final List<String> errors;

  public RuleSetException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
