package dev.recon.core.model;

/** Ledger statuses (DESIGN §5). */
public enum BatchStatus {
  INITIATED,
  EXECUTING,
  SUCCESS,
  FAILURE,
  CANCELED;

  public boolean terminal() {
    return this == SUCCESS || this == FAILURE || this == CANCELED;
  }

  /**
   * The status a ledger attribute holds (a stage's {@code stage.<name>}, a worker's status), or
   * null when it holds none: absent, empty or not a status name. Compare the result, never the
   * string.
   */
  public static BatchStatus parse(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (BatchStatus s : values()) {
      if (s.name().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
