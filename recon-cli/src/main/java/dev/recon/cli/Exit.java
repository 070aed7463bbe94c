package dev.recon.cli;

/** Exit codes of the recon command line. */
public final class Exit {
  public static final int OK = 0;
  /** Something failed (a store, a stage, the stack). */
  public static final int FAILED = 1;
  /** Bad usage or malformed input (for example an artifact id with control characters). */
  public static final int USAGE = 2;
  /** An artifact id is unknown. */
  public static final int NOT_FOUND = 3;

  private Exit() {}
}
