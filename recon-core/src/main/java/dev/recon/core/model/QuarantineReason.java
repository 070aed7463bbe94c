package dev.recon.core.model;

/** Why a line was not accepted (DESIGN §3). Every rejected line carries exactly one. */
public enum QuarantineReason {
  MALFORMED_JSON,
  MISSING_FIELD,
  BAD_AMOUNT,
  BAD_CURRENCY,
  BAD_TIMESTAMP,
  BAD_ID,
  BAD_FIELD,
  LINE_TOO_LONG,
  CONFLICTING_DUPLICATE
}
