package dev.recon.core.rules;

import java.util.Optional;

/**
 * The one rule for identifiers (eventId, artifactId), shared by ingestion and the query API: an ID
 * is 1..max characters with no control, format or separator characters and no surrounding blanks.
 * IDs become DynamoDB keys, Redis keys and URL path segments, so they are checked at every boundary.
 */
public final class Ids {
  private Ids() {}

  /** Empty when valid, else what is wrong with it (safe to print: never echoes the raw id). */
  public static Optional<String> problem(String id, int maxLength) {
    if (id == null || id.isEmpty()) {
      return Optional.of("empty id");
    }
    if (id.length() > maxLength) {
      return Optional.of("id longer than " + maxLength + " characters (" + id.length() + ")");
    }
    if (!id.strip().equals(id)) {
      return Optional.of("id has leading or trailing blanks");
    }
    for (int i = 0; i < id.length(); ) {
      int cp = id.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED) {
        return Optional.of(String.format("id has a control or invalid character U+%04X at %d", cp, i));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }
}
