package dev.recon.core.model;

/**
 * DEBIT raises what is owed (charge, fee, refund paid out); CREDIT settles it (payment, write-off).
 */
public enum Side {
  DEBIT,
  CREDIT
}
