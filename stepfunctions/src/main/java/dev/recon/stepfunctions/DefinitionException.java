package dev.recon.stepfunctions;

/** A state machine definition that cannot be parsed, substituted or run as written. */
public class DefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DefinitionException(String message) {
    super(message);
  }

  public DefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
