package dev.recon.cli;

/** Exit codes of the recon command line (the README's table "Exit codes"). */
public final class Exit {
  public static final int OK = 0;

  /** Something failed (a stage, the stack, anything without a code of its own). */
  public static final int FAILED = 1;

  /**
   * Bad usage or malformed input (for example an artifact id with control characters, or a bad
   * time).
   */
  public static final int USAGE = 2;

  /** An artifact id or a batch is unknown. */
  public static final int NOT_FOUND = 3;

  /** {@code recon complete}: the window or the event time is not complete yet. */
  public static final int INCOMPLETE = 4;

  /** The home is unusable: not a directory, read-only, or held by another process. */
  public static final int HOME_UNUSABLE = 5;

  /** A store of the stack did not answer, or the disk is full. */
  public static final int STORE_UNAVAILABLE = 6;

  /** A command that only reads (or works on existing batches) found no recon home. */
  public static final int NO_HOME = 7;

  /** Interrupted (Ctrl-C, SIGTERM); running the command again continues. */
  public static final int INTERRUPTED = 130;

  private Exit() {}
}
