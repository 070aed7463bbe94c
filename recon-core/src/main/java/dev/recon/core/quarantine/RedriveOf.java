package dev.recon.core.quarantine;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a redrive input replaces: quarantined lines of stateless batch {@code batch}, line k of the
 * input replacing position {@code lines.positionAt(k)} of the batch's quarantine listing ({@link
 * QuarantineReader} order), or position k itself when {@code lines} is null. Read from the input
 * object's metadata ({@link Layout#META_REDRIVE_OF}, {@link Layout#META_REDRIVE_LINES}) by the
 * backlog manager, which copies it to the INPUT record ({@link LedgerNames#REDRIVE_OF}, {@link
 * LedgerNames#REDRIVE_LINES}) for every reader.
 */
public record RedriveOf(long batch, LineRanges lines) {
  public RedriveOf {
    if (batch < 1) {
      throw new IllegalArgumentException("redrive-of must be a stateless batch number >= 1");
    }
  }

  /**
   * The redrive an input object's metadata declares, if any.
   *
   * @throws IllegalArgumentException when the metadata names one but malformed
   */
  public static Optional<RedriveOf> fromMetadata(Map<String, String> metadata) {
    return from(metadata.get(Layout.META_REDRIVE_OF), metadata.get(Layout.META_REDRIVE_LINES));
  }

  /** The redrive an INPUT record's attributes declare, if any. */
  public static Optional<RedriveOf> fromAttributes(Map<String, String> attributes) {
    return from(attributes.get(LedgerNames.REDRIVE_OF), attributes.get(LedgerNames.REDRIVE_LINES));
  }

  private static Optional<RedriveOf> from(String of, String lines) {
    if (of == null) {
      if (lines != null) {
        throw new IllegalArgumentException(
            Layout.META_REDRIVE_LINES + " without " + Layout.META_REDRIVE_OF);
      }
      return Optional.empty();
    }
    long batch;
    try {
      batch = Long.parseLong(of.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Layout.META_REDRIVE_OF + " is not a stateless batch number: '" + clip(of) + "'");
    }
    return Optional.of(new RedriveOf(batch, lines == null ? null : LineRanges.parse(lines)));
  }

  /** The quarantine position that line {@code k} (1-based) of the redrive input replaces, or -1. */
  public long positionOf(long k) {
    return lines == null ? (k >= 1 ? k : -1) : lines.positionAt(k);
  }

  /** The line of the redrive input that replaces {@code position}, or -1 when it replaces none. */
  public long lineFor(long position) {
    return lines == null ? (position >= 1 ? position : -1) : lines.indexOf(position);
  }

  /** The INPUT record attributes of this redrive. */
  public Map<String, String> attributes() {
    Map<String, String> m = new TreeMap<>();
    m.put(LedgerNames.REDRIVE_OF, Long.toString(batch));
    if (lines != null) {
      m.put(LedgerNames.REDRIVE_LINES, lines.toString());
    }
    return m;
  }

  /** The object metadata of this redrive (without the window). */
  public Map<String, String> metadata() {
    Map<String, String> m = new TreeMap<>();
    m.put(Layout.META_REDRIVE_OF, Long.toString(batch));
    if (lines != null) {
      m.put(Layout.META_REDRIVE_LINES, lines.toString());
    }
    return m;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
