package dev.recon.core.io;

/**
 * One physical input line. When the line was longer than the reader's bound, {@code text} holds
 * only its first bytes (decoded leniently) and {@code tooLong} is set; {@code byteLength} is always
 * the full length without the line terminator.
 */
public record RawLine(long lineNumber, String text, long byteLength, boolean tooLong) {}
