package dev.recon.backlog;

import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.TreeMap;

/** Small transformations of ledger records the core record does not offer. */
final class Records {
  private Records() {}

  static LedgerRecord withoutAttribute(LedgerRecord r, String name) {
    TreeMap<String, String> attributes = new TreeMap<>(r.attributes());
    attributes.remove(name);
    return new LedgerRecord(
        r.kind(),
        r.id(),
        r.sequence(),
        r.status(),
        r.createdAt(),
        r.updatedAt(),
        r.counts(),
        attributes,
        r.revision());
  }

  static LedgerRecord touched(LedgerRecord r, BatchStatus status, Instant now) {
    return r.withStatus(status, now);
  }

  static Instant instant(LedgerRecord r, String attribute) {
    String v = r.attribute(attribute);
    return v == null ? null : Instant.parse(v);
  }
}
