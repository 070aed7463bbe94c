package dev.recon.reducer;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.TreeMap;

/** Builds reducer rows for unit tests. */
final class Rows {
  private Rows() {}

  static Event event(
      String eventId, String artifactId, String time, Side side, String amount, String currency) {
    return new Event(
        eventId,
        artifactId,
        Instant.parse(time),
        side == Side.DEBIT ? "CHARGE" : "PAYMENT",
        side,
        new BigDecimal(amount),
        currency,
        "test",
        "",
        new TreeMap<>());
  }

  static ReducerRow row(Event e, String object, long line) {
    return ReducerRow.event(
        e, object, line, "raw of " + e.eventId() + "@" + object + ":" + line, 42);
  }

  /** A row of the input at {@code inputIndex} in the run's input order. */
  static ReducerRow row(Event e, String object, int inputIndex, long line) {
    return ReducerRow.event(
        e, object, inputIndex, line, "raw of " + e.eventId() + "@" + object + ":" + line, 42);
  }
}
