package dev.recon.tools.olist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Converts the Olist e-commerce sample ({@code ../shared/datasets/olist}, see its README) into
 * recon input batches, one event per CSV row, per order ({@code artifactId} = {@code order_id}):
 *
 * <ul>
 *   <li>each item is a DEBIT ({@code type} CHARGE) of {@code price + freight_value} BRL at its
 *       order's purchase time; eventId {@code olist-item-<order_id>-<order_item_id>};
 *   <li>each payment is a CREDIT ({@code type} PAYMENT) of {@code payment_value} BRL at its order's
 *       approval time, or purchase time when approval is missing; eventId {@code
 *       olist-payment-<order_id>-<payment_sequential>}.
 * </ul>
 *
 * <p>Decisions. The files are independent 9,999-row slices, so most items and payments belong to
 * orders absent from the orders file. An item of an unknown order is timed by its own {@code
 * shipping_limit_date} (attribute {@code timeSource}); a payment of an unknown order has no time at
 * all and is written <b>without {@code eventTime}</b>, so the reducer quarantines it
 * (MISSING_FIELD) instead of it vanishing here: every CSV row becomes exactly one input line.
 * Timestamps ({@code M/D/YYYY H:MM}, no zone) are read in {@link #ZONE_DEFAULT} (Olist is
 * Brazilian) unless another zone is given. Amounts stay exact ({@link BigDecimal}); a value that is
 * not a number is written as found, for the validator to quarantine (BAD_AMOUNT).
 */
public final class OlistConverter {
  public static final ZoneId ZONE_DEFAULT = ZoneId.of("America/Sao_Paulo");
  public static final String ORDERS = "olist_orders_dataset.csv";
  public static final String ITEMS = "olist_order_items_dataset.csv";
  public static final String PAYMENTS = "olist_order_payments_dataset.csv";

  /** Where the dataset lives relative to the repository root. */
  public static final Path DATASET_FROM_REPO = Path.of("..", "shared", "datasets", "olist");

  private static final DateTimeFormatter OLIST_TIME = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
  private static final JsonFactory JSON = new JsonFactory();

  private OlistConverter() {}

  /** One converted row: the input line and what the batching needs. */
  public record InputLine(String eventId, String orderId, Instant eventTime, String json) {}

  /** One input batch ready to land: key, window (also as user metadata) and bytes. */
  public record InputBatchFile(
      String key, Instant windowStart, Instant windowEnd, byte[] bytes, int lines) {
    public Map<String, String> metadata() {
      return Map.of(
          Layout.META_WINDOW_START,
          windowStart.toString(),
          Layout.META_WINDOW_END,
          windowEnd.toString());
    }
  }

  /** What a conversion produced. */
  public record Conversion(
      List<InputLine> lines,
      int items,
      int payments,
      int itemsTimedByShippingLimit,
      int paymentsWithoutTime) {}

  /**
   * Finds the dataset from {@code start} (a module or repository directory) by walking up to four
   * parents looking for {@code ../shared/datasets/olist} (i.e. {@code <dir>/../shared/...}).
   */
  public static Optional<Path> locate(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve(DATASET_FROM_REPO).normalize();
      if (Files.isRegularFile(candidate.resolve(ORDERS))
          && Files.isRegularFile(candidate.resolve(ITEMS))
          && Files.isRegularFile(candidate.resolve(PAYMENTS))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public static Conversion convert(Path dir, ZoneId zone) throws IOException {
    Objects.requireNonNull(zone, "zone");
    Map<String, Map<String, String>> orders = new HashMap<>();
    for (Map<String, String> o :
        Csv.read(
            dir.resolve(ORDERS), "order_id", "order_purchase_timestamp", "order_approved_at")) {
      orders.put(o.get("order_id"), o);
    }
    List<InputLine> lines = new ArrayList<>();
    int items = 0;
    int byShipping = 0;
    for (Map<String, String> it :
        Csv.read(
            dir.resolve(ITEMS),
            "order_id",
            "order_item_id",
            "price",
            "freight_value",
            "shipping_limit_date")) {
      String orderId = it.get("order_id");
      Map<String, String> order = orders.get(orderId);
      Instant time = order == null ? null : time(order.get("order_purchase_timestamp"), zone);
      String source = "order_purchase_timestamp";
      if (time == null) {
        time = time(it.get("shipping_limit_date"), zone);
        source = "shipping_limit_date";
        byShipping++;
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("orderItemId", it.get("order_item_id"));
      putIf(attrs, "productId", it.get("product_id"));
      putIf(attrs, "sellerId", it.get("seller_id"));
      attrs.put("price", it.get("price"));
      attrs.put("freightValue", it.get("freight_value"));
      attrs.put("timeSource", source);
      String eventId = "olist-item-" + orderId + "-" + it.get("order_item_id");
      lines.add(
          line(
              eventId,
              orderId,
              time,
              "CHARGE",
              "DEBIT",
              sum(it.get("price"), it.get("freight_value")),
              it.getOrDefault("product_id", ""),
              attrs));
      items++;
    }
    int payments = 0;
    int untimed = 0;
    for (Map<String, String> p :
        Csv.read(dir.resolve(PAYMENTS), "order_id", "payment_sequential", "payment_value")) {
      String orderId = p.get("order_id");
      Map<String, String> order = orders.get(orderId);
      Instant time = null;
      if (order != null) {
        time = time(order.get("order_approved_at"), zone);
        if (time == null) {
          time = time(order.get("order_purchase_timestamp"), zone);
        }
      }
      if (time == null) {
        untimed++;
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("paymentSequential", p.get("payment_sequential"));
      putIf(attrs, "paymentType", p.get("payment_type"));
      putIf(attrs, "paymentInstallments", p.get("payment_installments"));
      String eventId = "olist-payment-" + orderId + "-" + p.get("payment_sequential");
      lines.add(
          line(
              eventId,
              orderId,
              time,
              "PAYMENT",
              "CREDIT",
              p.get("payment_value"),
              p.getOrDefault("payment_type", ""),
              attrs));
      payments++;
    }
    return new Conversion(lines, items, payments, byShipping, untimed);
  }

  /**
   * Cuts the lines into {@code batches} input batches of about equal size in event-time order,
   * cutting only between hours so windows never overlap; lines without a time go to the last batch.
   * Window of a batch: from the hour of its first line to the hour its successor starts (the last:
   * one hour after its last timed line). Batches with an odd index are gzip.
   */
  public static List<InputBatchFile> toBatches(
      List<InputLine> lines, int batches, String batchIdPrefix) {
    if (batches < 1) {
      throw new IllegalArgumentException("batches must be >= 1");
    }
    List<InputLine> timed = new ArrayList<>();
    List<InputLine> untimed = new ArrayList<>();
    for (InputLine l : lines) {
      (l.eventTime() == null ? untimed : timed).add(l);
    }
    if (timed.isEmpty()) {
      throw new IllegalArgumentException("no line has an event time: no window can be given");
    }
    timed.sort(Comparator.comparing(InputLine::eventTime).thenComparing(InputLine::eventId));
    int target = (timed.size() + batches - 1) / batches;
    List<List<InputLine>> groups = new ArrayList<>();
    List<InputLine> current = new ArrayList<>();
    for (int i = 0; i < timed.size(); i++) {
      InputLine l = timed.get(i);
      if (current.size() >= target
          && groups.size() < batches - 1
          && !hour(l.eventTime()).equals(hour(current.get(current.size() - 1).eventTime()))) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(l);
    }
    current.addAll(untimed);
    groups.add(current);
    List<InputBatchFile> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      List<InputLine> g = groups.get(i);
      Instant start = hour(g.get(0).eventTime());
      Instant end =
          i + 1 < groups.size()
              ? hour(groups.get(i + 1).get(0).eventTime())
              : hour(timed.get(timed.size() - 1).eventTime()).plus(Duration.ofHours(1));
      boolean gzip = i % 2 == 1;
      StringBuilder text = new StringBuilder();
      for (InputLine l : g) {
        text.append(l.json()).append('\n');
      }
      byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.add(
          new InputBatchFile(
              Layout.inputKey(start, batchIdPrefix + "-" + i, gzip),
              start,
              end,
              gzip ? gzip(bytes) : bytes,
              g.size()));
    }
    return out;
  }

  /** Lands the batches (with their window metadata); returns their keys. */
  public static List<String> upload(ObjectStore store, List<InputBatchFile> files) {
    List<String> keys = new ArrayList<>();
    for (InputBatchFile f : files) {
      store.put(f.key(), f.bytes(), f.metadata());
      keys.add(f.key());
    }
    return keys;
  }

  // ------------------------------------------------------------------ helpers

  static Instant time(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.trim(), OLIST_TIME).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code a + b} exactly, or the raw text when either is not a number (the validator rejects it).
   */
  static String sum(String a, String b) {
    try {
      return new BigDecimal(a.trim()).add(new BigDecimal(b.trim())).toPlainString();
    } catch (NumberFormatException | NullPointerException e) {
      return a + "+" + b;
    }
  }

  private static Instant hour(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  private static void putIf(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static InputLine line(
      String eventId,
      String orderId,
      Instant time,
      String type,
      String side,
      String amount,
      String reference,
      Map<String, String> attributes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("eventId", eventId);
      g.writeStringField("artifactId", orderId);
      if (time != null) {
        g.writeStringField("eventTime", time.toString());
      }
      g.writeStringField("type", type);
      g.writeStringField("side", side);
      g.writeStringField("amount", amount);
      g.writeStringField("currency", "BRL");
      g.writeStringField("source", "olist");
      g.writeStringField("reference", reference);
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> e : attributes.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InputLine(
        eventId, orderId, time, out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
