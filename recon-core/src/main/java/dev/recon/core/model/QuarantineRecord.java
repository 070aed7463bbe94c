package dev.recon.core.model;

import java.util.Objects;

/**
 * A line that was not accepted: where it came from (input object, 1-based line number), its raw
 * text (truncated for over-long lines; {@code rawLength} keeps the original length), and why.
 */
public record QuarantineRecord(
    String inputObject,
    long lineNumber,
    String rawText,
    long rawLength,
    QuarantineReason reason,
    String detail)
    implements java.io.Serializable {
  public QuarantineRecord {
    Objects.requireNonNull(inputObject, "inputObject");
    Objects.requireNonNull(rawText, "rawText");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}
