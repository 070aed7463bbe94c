package dev.recon.reducer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds input lines and objects by hand (plain string code, no recon codec). */
final class TestLines {
  private TestLines() {}

  static String event(
      String eventId, String artifactId, String time, String side, String amount, String currency) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"artifactId\":\""
        + artifactId
        + "\",\"eventTime\":\""
        + time
        + "\",\"type\":\""
        + (side.equals("DEBIT") ? "CHARGE" : "PAYMENT")
        + "\",\"side\":\""
        + side
        + "\",\"amount\":\""
        + amount
        + "\",\"currency\":\""
        + currency
        + "\",\"source\":\"test\"}";
  }

  /** The same event with its fields in another order and the amount as a JSON number. */
  static String reordered(
      String eventId, String artifactId, String time, String side, String amount, String currency) {
    return "{\"source\":\"test\",\"currency\":\""
        + currency
        + "\",\"amount\":"
        + amount
        + ",\"side\":\""
        + side
        + "\",\"type\":\""
        + (side.equals("DEBIT") ? "CHARGE" : "PAYMENT")
        + "\",\"eventTime\":\""
        + time
        + "\",\"artifactId\":\""
        + artifactId
        + "\",\"eventId\":\""
        + eventId
        + "\"}";
  }

  static byte[] jsonl(List<String> lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Map<String, String> window(String start, String end) {
    return Map.of("window-start", start, "window-end", end);
  }
}
