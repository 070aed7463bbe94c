package dev.recon.core.model;

/** DESIGN §4: RECONCILED within tolerance, else OPEN, or AGED when OPEN for too long at asOf. */
public enum ArtifactStatus {
  RECONCILED,
  OPEN,
  AGED
}
