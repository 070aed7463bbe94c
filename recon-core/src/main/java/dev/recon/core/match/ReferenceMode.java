package dev.recon.core.match;

/** How a rule uses the external line's free-text reference (DESIGN §9). */
public enum ReferenceMode {
  /** The reference is not used. */
  NONE,
  /** Only settling lines of artifacts whose id occurs (as a substring) in the reference. */
  CONTAINS_ARTIFACT_ID,
  /** Only settling lines whose own reference equals the external line's (non-empty) reference. */
  EQUALS_LINE_REFERENCE
}
