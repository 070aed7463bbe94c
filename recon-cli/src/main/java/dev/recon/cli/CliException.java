package dev.recon.cli;

/**
 * A failure the command line explains in one plain sentence (the cause and what to do) and ends
 * with its own exit code; {@link Failures} prints it without a class name or a stack trace.
 */
final class CliException extends RuntimeException {
  private final int exit;

  CliException(int exit, String sentence) {
    super(sentence);
    this.exit = exit;
  }

  CliException(int exit, String sentence, Throwable cause) {
    super(sentence, cause);
    this.exit = exit;
  }

  int exit() {
    return exit;
  }
}
