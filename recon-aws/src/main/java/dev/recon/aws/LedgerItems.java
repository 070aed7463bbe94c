package dev.recon.aws;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pure mapping between {@link LedgerRecord} and its DynamoDB item: partition key {@code kind} (S),
 * sort key {@code id} (S), {@code sequence} and {@code revision} (N), {@code status} (S), instants
 * as ISO-8601 strings (readable in the console, and they sort), {@code counts} as a map of N and
 * {@code attributes} as a map of S.
 *
 * <p>An unfinished record (status INITIATED or EXECUTING) also carries {@code unfinished} (S, its
 * kind): the partition key of the sparse global secondary index {@value #UNFINISHED_INDEX} (sort
 * key {@code id}, all attributes projected), which {@code listUnfinished} queries. A record that
 * reaches a terminal status is written without it (every update replaces the whole item), so it
 * leaves the index; the finished history is never read by planning.
 *
 * <p>Counter items written by {@code nextSequence} carry only some attributes; missing maps read as
 * empty so they still map to records.
 */
final class LedgerItems {
  static final String KIND = "kind";
  static final String ID = "id";
  static final String SEQUENCE = "sequence";
  static final String STATUS = "status";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String COUNTS = "counts";
  static final String ATTRIBUTES = "attributes";
  static final String REVISION = "revision";

  /** Set (to the kind) while a record is unfinished; the partition key of the index below. */
  static final String UNFINISHED = "unfinished";

  /**
   * The sparse GSI of unfinished records: partition key {@code unfinished}, sort key {@code id}.
   */
  public static final String UNFINISHED_INDEX = "unfinished";

  private LedgerItems() {}

  static Map<String, AttributeValue> key(BatchKind kind, String id) {
    return Map.of(KIND, AttributeValue.fromS(kind.name()), ID, AttributeValue.fromS(id));
  }

  static Map<String, AttributeValue> toItem(LedgerRecord r, long revision) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KIND, AttributeValue.fromS(r.kind().name()));
    item.put(ID, AttributeValue.fromS(r.id()));
    item.put(SEQUENCE, AttributeValue.fromN(Long.toString(r.sequence())));
    item.put(STATUS, AttributeValue.fromS(r.status().name()));
    item.put(CREATED_AT, AttributeValue.fromS(r.createdAt().toString()));
    item.put(UPDATED_AT, AttributeValue.fromS(r.updatedAt().toString()));
    Map<String, AttributeValue> counts = new HashMap<>();
    r.counts().forEach((k, v) -> counts.put(k, AttributeValue.fromN(Long.toString(v))));
    item.put(COUNTS, AttributeValue.fromM(counts));
    Map<String, AttributeValue> attributes = new HashMap<>();
    r.attributes().forEach((k, v) -> attributes.put(k, AttributeValue.fromS(v)));
    item.put(ATTRIBUTES, AttributeValue.fromM(attributes));
    item.put(REVISION, AttributeValue.fromN(Long.toString(revision)));
    if (!r.status().terminal()) {
      item.put(UNFINISHED, AttributeValue.fromS(r.kind().name()));
    }
    return item;
  }

  static LedgerRecord fromItem(Map<String, AttributeValue> item) {
    TreeMap<String, Long> counts = new TreeMap<>();
    AttributeValue c = item.get(COUNTS);
    if (c != null && c.hasM()) {
      c.m().forEach((k, v) -> counts.put(k, Long.parseLong(v.n())));
    }
    TreeMap<String, String> attributes = new TreeMap<>();
    AttributeValue a = item.get(ATTRIBUTES);
    if (a != null && a.hasM()) {
      a.m().forEach((k, v) -> attributes.put(k, v.s()));
    }
    return new LedgerRecord(
        BatchKind.valueOf(IndexItems.string(item, KIND)),
        IndexItems.string(item, ID),
        item.containsKey(SEQUENCE) ? IndexItems.number(item, SEQUENCE) : 0L,
        BatchStatus.valueOf(IndexItems.string(item, STATUS)),
        Instant.parse(IndexItems.string(item, CREATED_AT)),
        Instant.parse(IndexItems.string(item, UPDATED_AT)),
        counts,
        attributes,
        item.containsKey(REVISION) ? IndexItems.number(item, REVISION) : 0L);
  }
}
