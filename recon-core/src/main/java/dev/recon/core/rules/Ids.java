package dev.recon.core.rules;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The one rule for identifiers (eventId, artifactId), shared by ingestion and the query API. IDs
 * become DynamoDB keys, Redis keys and URL path segments, so they are checked at every boundary,
 * and they are compared as exact code point sequences: an ID is never rewritten (no trimming, no
 * normalisation), so two IDs that print alike but differ must not both be accepted.
 *
 * <p>An ID is valid when it has
 *
 * <ul>
 *   <li>1 to {@code maxLength} code points (not UTF-16 units: an emoji counts once);
 *   <li>no character of type CONTROL, FORMAT, SURROGATE (a lone one) or UNASSIGNED;
 *   <li>no blank but U+0020 SPACE, which is allowed only inside (not first, not last): every other
 *       space or separator (SPACE_SEPARATOR such as U+00A0 NO-BREAK SPACE or U+3000,
 *       LINE_SEPARATOR, PARAGRAPH_SEPARATOR, and whatever {@link Character#isWhitespace} calls
 *       white space) is refused anywhere;
 *   <li>Unicode normalisation form NFC ({@code é} as the one code point U+00E9, not {@code e} +
 *       U+0301): a non-NFC ID is refused, not normalised.
 * </ul>
 */
public final class Ids {
  private Ids() {}

  /** Empty when valid, else what is wrong with it (safe to print: never echoes the raw id). */
  public static Optional<String> problem(String id, int maxLength) {
    if (id == null || id.isEmpty()) {
      return Optional.of("empty id");
    }
    if (id.length() > maxLength) {
      int codePoints = id.codePointCount(0, id.length());
      if (codePoints > maxLength) {
        return Optional.of("id longer than " + maxLength + " code points (" + codePoints + ")");
      }
    }
    if (id.charAt(0) == ' ' || id.charAt(id.length() - 1) == ' ') {
      return Optional.of("id has leading or trailing blanks");
    }
    for (int i = 0; i < id.length(); ) {
      int cp = id.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED) {
        return Optional.of(
            String.format("id has a control or invalid character U+%04X at %d", cp, i));
      }
      if (cp != ' '
          && (type == Character.SPACE_SEPARATOR
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || Character.isWhitespace(cp))) {
        return Optional.of(
            String.format("id has a space or separator character U+%04X at %d", cp, i));
      }
      i += Character.charCount(cp);
    }
    if (!Normalizer.isNormalized(id, Normalizer.Form.NFC)) {
      return Optional.of("id is not in Unicode normalisation form NFC");
    }
    return Optional.empty();
  }
}
