package dev.recon.core.io;

/**
 * One physical input line. When the line was longer than the reader's bound, {@code text} holds
 * only its first bytes and {@code tooLong} is set; {@code byteLength} is always the full length
 * without the line terminator (and without a byte-order mark that started the object).
 *
 * <p>Lines are decoded as strict UTF-8: nothing is ever replaced by U+FFFD. When a line's bytes are
 * not valid UTF-8, {@code malformedUtf8At} is the offset of the first bad byte (else {@code -1})
 * and {@code text} is for display only: the valid sequences decoded, every byte of an invalid one
 * written as {@code \xNN} (two upper-case hex digits), so the bad bytes stay visible in the
 * quarantine record. Such a text must never be taken as data: the validator quarantines the line as
 * {@code MALFORMED_UTF8} before parsing it.
 */
public record RawLine(
    long lineNumber, String text, long byteLength, boolean tooLong, int malformedUtf8At) {
  /** A line that was valid UTF-8 (or is already text). */
  public RawLine(long lineNumber, String text, long byteLength, boolean tooLong) {
    this(lineNumber, text, byteLength, tooLong, -1);
  }

  /** Whether the line's bytes were not valid UTF-8 (then {@link #text} shows them as escapes). */
  public boolean malformedUtf8() {
    return malformedUtf8At >= 0;
  }
}
