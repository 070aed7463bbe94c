package dev.recon.aws;

import dev.recon.core.model.IndexEntry;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pure mapping between {@link IndexEntry} and its DynamoDB item. */
final class IndexItems {
  static final String ARTIFACT_ID = "artifactId";
  static final String PART_FILE = "partFile";
  static final String OFFSET = "offset";
  static final String LENGTH = "length";
  static final String VERSION = "version";

  private IndexItems() {}

  static Map<String, AttributeValue> key(String artifactId) {
    return Map.of(ARTIFACT_ID, AttributeValue.fromS(artifactId));
  }

  static Map<String, AttributeValue> toItem(IndexEntry e) {
    return Map.of(
        ARTIFACT_ID, AttributeValue.fromS(e.artifactId()),
        PART_FILE, AttributeValue.fromS(e.partFile()),
        OFFSET, AttributeValue.fromN(Long.toString(e.offset())),
        LENGTH, AttributeValue.fromN(Long.toString(e.length())),
        VERSION, AttributeValue.fromN(Long.toString(e.version())));
  }

  static IndexEntry fromItem(Map<String, AttributeValue> item) {
    return new IndexEntry(
        string(item, ARTIFACT_ID),
        string(item, PART_FILE),
        number(item, OFFSET),
        number(item, LENGTH),
        number(item, VERSION));
  }

  static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.s() == null) {
      throw new IllegalStateException("item lacks string attribute " + name + ": " + item.keySet());
    }
    return v.s();
  }

  static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      throw new IllegalStateException("item lacks number attribute " + name + ": " + item.keySet());
    }
    return Long.parseLong(v.n());
  }
}
