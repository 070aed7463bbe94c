package dev.recon.core.model;

/** Why a line was not accepted (DESIGN §3). Every rejected line carries exactly one. */
public enum QuarantineReason {
  MALFORMED_JSON,
  MISSING_FIELD,
  BAD_AMOUNT,
  BAD_CURRENCY,
  /** Not ISO-8601 with an offset, outside 1970..9999, or too far after the input's window end. */
  BAD_TIMESTAMP,
  BAD_ID,
  BAD_FIELD,
  LINE_TOO_LONG,
  CONFLICTING_DUPLICATE,
  /**
   * The line's bytes are not valid UTF-8 (never decoded to U+FFFD); the record's raw text shows
   * each bad byte as {@code \xNN}. Last, so the ordinals of the older reasons stay as they were.
   */
  MALFORMED_UTF8,
  /**
   * The event's optional {@code tenant} field names another tenant than its input object's prefix
   * ({@code input/<tenant>/…}, DESIGN §10), or is not a string.
   */
  WRONG_TENANT
}
