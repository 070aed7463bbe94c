package dev.recon.core.layout;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arrival window {@code [start, end)} of one input batch (DESIGN §5): from the object's user
 * metadata {@code window-start}/{@code window-end} when present, else the hour in its key {@code
 * input/yyyy/MM/dd/HH/<batchId>.jsonl[.gz]}. The one rule, used by the backlog manager (which
 * registers inputs by it) and the reducer (which bounds event times by the window's end).
 */
public record InputWindow(Instant start, Instant end) {
  private static final Pattern HOUR_KEY =
      Pattern.compile("input/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+");

  public InputWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window start " + start + " is not before its end " + end);
    }
  }

  /**
   * The window of {@code key}; metadata wins over the key. Metadata naming only one bound, or a
   * bound that is not an ISO-8601 instant, or an empty window is refused rather than guessed.
   *
   * @throws IllegalArgumentException with the reason when no window can be determined
   */
  public static InputWindow of(String key, Map<String, String> metadata) {
    String start = metadata.get(Layout.META_WINDOW_START);
    String end = metadata.get(Layout.META_WINDOW_END);
    if (start != null || end != null) {
      if (start == null || end == null) {
        throw new IllegalArgumentException(
            "metadata has only one of "
                + Layout.META_WINDOW_START
                + " and "
                + Layout.META_WINDOW_END);
      }
      return new InputWindow(instant(start), instant(end));
    }
    Matcher m = HOUR_KEY.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "no window: no window metadata and the key is not input/yyyy/MM/dd/HH/<id>");
    }
    try {
      Instant hour =
          LocalDateTime.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)),
                  Integer.parseInt(m.group(4)),
                  0)
              .toInstant(ZoneOffset.UTC);
      return new InputWindow(hour, hour.plusSeconds(3600));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "no window: the key's hour is not a date (" + e.getMessage() + ")");
    }
  }

  /** The window of {@code key}, or empty when none can be determined (see {@link #of}). */
  public static Optional<InputWindow> find(String key, Map<String, String> metadata) {
    try {
      return Optional.of(of(key, metadata));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("window bound is not an ISO-8601 instant: " + clip(text));
    }
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
