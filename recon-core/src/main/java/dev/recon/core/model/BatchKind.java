package dev.recon.core.model;

/** The kinds of record in the ledger. */
public enum BatchKind {
  /** One immutable input object under input/. */
  INPUT,
  /** One stateless reducer run S. */
  STATELESS,
  /** One strictly sequential stateful batch N. */
  STATEFUL,
  /** A stage lock (prefetch, process, index) or other named lock. */
  LOCK,
  /** A monotonically increasing sequence counter. */
  COUNTER,
  /**
   * A tenant's configuration: one immutable record per version and the pointer to the current one
   * ({@link dev.recon.core.config.TenantConfigs}).
   */
  CONFIG
}
