package dev.recon.core.port;

/** What a conditional index write did. */
public enum IndexPutOutcome {
  /** The entry was written: there was none, or the stored one had a lower version. */
  WRITTEN,
  /** Refused: the stored entry's version is greater than or equal to the one offered. */
  NOT_NEWER
}
