package dev.recon.reducer;

import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineReason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generated input objects with a plain-code model of what the reducer must make of them: valid
 * events (late ones too), exact duplicates (verbatim and reformatted), conflicting duplicates,
 * every line-level quarantine reason, gzip objects, an empty object, and whole unreadable objects
 * (a corrupt gzip and a gzip bomb). The expectation is computed here from the generated lines, by
 * hand, never by recon code.
 */
final class GeneratedInputs {
  static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");
  private static final String[] CURRENCIES = {"USD", "EUR", "JPY", "BRL"};

  /** What one line is, in the model. */
  record ModelEvent(
      String eventId,
      String artifactId,
      long epochSecond,
      String side,
      BigDecimal amount,
      String currency) {
    ModelEvent {
      amount = amount.stripTrailingZeros();
    }
  }

  /** A generated line: its text and either a model event or the reason it must be quarantined. */
  record Gen(String text, ModelEvent event, QuarantineReason invalid) {
    /**
     * The line's bytes: UTF-8, except a MALFORMED_UTF8 line, written in Latin-1 (its é a lone
     * 0xE9).
     */
    byte[] bytes() {
      return text.getBytes(
          invalid == QuarantineReason.MALFORMED_UTF8
              ? StandardCharsets.ISO_8859_1
              : StandardCharsets.UTF_8);
    }
  }

  /** Every reason a single line can get (CONFLICTING_DUPLICATE needs two). */
  private static final QuarantineReason[] LINE_REASONS = {
    QuarantineReason.MALFORMED_JSON,
    QuarantineReason.MISSING_FIELD,
    QuarantineReason.BAD_AMOUNT,
    QuarantineReason.BAD_CURRENCY,
    QuarantineReason.BAD_TIMESTAMP,
    QuarantineReason.BAD_ID,
    QuarantineReason.BAD_FIELD,
    QuarantineReason.LINE_TOO_LONG,
    QuarantineReason.MALFORMED_UTF8,
    QuarantineReason.WRONG_TENANT
  };

  /** A generated object. {@code unreadable}: the whole object must become one quarantine record. */
  record Obj(
      String key,
      byte[] bytes,
      Map<String, String> metadata,
      List<Gen> lines,
      boolean unreadable) {}

  /** The expectation for one run over some objects. */
  static final class Expected {
    long read;
    long accepted;
    long duplicates;
    long late;

    /** Other contents of an event met in the run, handed on to the stateful merge. */
    long rivals;

    final TreeMap<QuarantineReason, Long> quarantined = new TreeMap<>();
    final TreeMap<String, TreeMap<String, BigDecimal>> debits = new TreeMap<>();
    final TreeMap<String, TreeMap<String, BigDecimal>> credits = new TreeMap<>();
    final TreeMap<String, TreeSet<String>> eventIds = new TreeMap<>();

    long quarantinedTotal() {
      return quarantined.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Random random;
  private final List<ModelEvent> history = new ArrayList<>();
  private final Map<String, String> historyText = new HashMap<>();
  private int nextId;
  private int nextBad;

  GeneratedInputs(long seed) {
    this.random = new Random(seed);
  }

  /** An object of {@code n} lines in hour {@code hour} after BASE. */
  Obj object(String batchId, int hour, int n, boolean gzip, boolean withMetadata) {
    Instant start = BASE.plus(Duration.ofHours(hour));
    List<Gen> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(nextLine(start, i));
    }
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (Gen g : lines) {
      b.writeBytes(g.bytes());
      b.writeBytes((random.nextInt(10) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] plain = b.toByteArray();
    Map<String, String> meta =
        withMetadata
            ? TestLines.window(start.toString(), start.plus(Duration.ofHours(1)).toString())
            : Map.of();
    return new Obj(
        Layout.inputKey(start, batchId, gzip),
        gzip ? TestLines.gzip(plain) : plain,
        meta,
        lines,
        false);
  }

  static Obj empty(String batchId, int hour) {
    return new Obj(
        Layout.inputKey(BASE.plus(Duration.ofHours(hour)), batchId, false),
        new byte[0],
        Map.of(),
        List.of(),
        false);
  }

  /** A gzip object whose CRC trailer is damaged. */
  Obj corruptGzip(String batchId, int hour) {
    Obj o = object(batchId, hour, 20, true, false);
    byte[] bad = o.bytes().clone();
    bad[bad.length - 6] ^= 0x5a;
    return new Obj(o.key(), bad, Map.of(), List.of(), true);
  }

  /** A small gzip object expanding to {@code expanded} bytes. */
  static Obj gzipBomb(String batchId, int hour, int expanded) {
    return new Obj(
        Layout.inputKey(BASE.plus(Duration.ofHours(hour)), batchId, true),
        TestLines.gzip(new byte[expanded]),
        Map.of(),
        List.of(),
        true);
  }

  private Gen nextLine(Instant windowStart, int index) {
    int r = random.nextInt(100);
    if (r < 8 && !history.isEmpty()) {
      ModelEvent e = history.get(random.nextInt(history.size()));
      String text = random.nextBoolean() ? historyText.get(e.eventId()) : reformatted(e);
      return new Gen(text, e, null);
    }
    if (r < 11 && !history.isEmpty()) {
      ModelEvent e = history.get(random.nextInt(history.size()));
      ModelEvent other =
          new ModelEvent(
              e.eventId(),
              e.artifactId(),
              e.epochSecond(),
              e.side(),
              e.amount().add(new BigDecimal("0.01")),
              e.currency());
      return new Gen(text(other), other, null);
    }
    if (r < 30) {
      return invalid(LINE_REASONS[nextBad++ % LINE_REASONS.length]);
    }
    // A valid event; one in five is late (hours or days before its object's window).
    long offset = random.nextInt(5) == 0 ? -(1 + random.nextInt(72 * 3600)) : random.nextInt(3600);
    String side = random.nextBoolean() ? "DEBIT" : "CREDIT";
    BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(100_000), random.nextInt(3));
    ModelEvent e =
        new ModelEvent(
            "evt-" + nextId++,
            "order-" + random.nextInt(15),
            windowStart.getEpochSecond() + offset,
            side,
            amount,
            CURRENCIES[random.nextInt(CURRENCIES.length)]);
    String t = text(e);
    history.add(e);
    historyText.put(e.eventId(), t);
    return new Gen(t, e, null);
  }

  private static String time(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  private static String text(ModelEvent e) {
    return TestLines.event(
        e.eventId(),
        e.artifactId(),
        time(e.epochSecond()),
        e.side(),
        e.amount().toPlainString(),
        e.currency());
  }

  /**
   * The same event written differently: other field order, amount with a trailing zero, as a
   * number.
   */
  private static String reformatted(ModelEvent e) {
    return TestLines.reordered(
        e.eventId(),
        e.artifactId(),
        time(e.epochSecond()),
        e.side(),
        e.amount().setScale(Math.max(e.amount().scale(), 0) + 1).toPlainString(),
        e.currency());
  }

  private Gen invalid(QuarantineReason reason) {
    String id = "bad-" + nextBad;
    String ok = TestLines.event(id, "order-1", "2026-11-20T01:00:00Z", "DEBIT", "1.00", "USD");
    String text =
        switch (reason) {
          case MALFORMED_JSON -> "{\"eventId\":\"" + id + "\",";
          case MISSING_FIELD -> ok.replace(",\"currency\":\"USD\"", "");
          case BAD_AMOUNT ->
              ok.replace(
                  "\"1.00\"",
                  new String[] {"\"-5.00\"", "\"0\"", "\"abc\"", "\"1e3\""}[nextBad % 4]);
          case BAD_CURRENCY -> ok.replace("\"USD\"", "\"ZZZ\"");
          // not ISO-8601, or far beyond the object's window end (24 h at most): it must not move a
          // watermark
          case BAD_TIMESTAMP ->
              ok.replace(
                  "2026-11-20T01:00:00Z",
                  nextBad % 2 == 0 ? "2026-11-20 01:00" : "9999-12-31T23:00:00Z");
          case MALFORMED_UTF8 ->
              ok.replace("\"order-1\"", "\"order-\u00e9\""); // written in Latin-1 by bytes()
          case BAD_ID -> ok.replace("\"" + id + "\"", "\"" + id + "\\u0007\"");
          case BAD_FIELD -> ok.replace("\"DEBIT\"", "\"SIDEWAYS\"");
          // the reducer under test reads the default tenant's inputs
          case WRONG_TENANT -> "{\"tenant\":\"other-co\"," + ok.substring(1);
          case LINE_TOO_LONG ->
              ok.replace("\"source\":\"test\"", "\"source\":\"" + "x".repeat(70_000) + "\"");
          default -> throw new IllegalArgumentException(reason.name());
        };
    return new Gen(text, null, reason);
  }

  /** The expectation for a run over {@code objects}, by hand. */
  static Expected expect(List<Obj> objects) {
    Expected x = new Expected();
    Map<String, List<ModelEvent>> copies = new LinkedHashMap<>();
    Map<String, Long> windowStartOf = new HashMap<>();
    for (Obj o : objects) {
      if (o.unreadable()) {
        x.read++;
        x.quarantined.merge(QuarantineReason.MALFORMED_JSON, 1L, Long::sum);
        continue;
      }
      for (Gen g : o.lines()) {
        x.read++;
        if (g.invalid() != null) {
          x.quarantined.merge(g.invalid(), 1L, Long::sum);
        } else {
          String id = g.event().eventId() + "\u0000" + g.event().artifactId();
          copies.computeIfAbsent(id, k -> new ArrayList<>()).add(g.event());
          windowStartOf.putIfAbsent(id, windowStart(o.key()));
        }
      }
    }
    // Per event (eventId within its artifact), copies in input order: the first content is
    // accepted,
    // each other distinct content is handed on as a rival (counted as accepted, not in the totals:
    // the stateful merge decides it against history), every further copy of a content is a
    // duplicate.
    for (Map.Entry<String, List<ModelEvent>> e : copies.entrySet()) {
      List<ModelEvent> c = e.getValue();
      List<ModelEvent> contents = new ArrayList<>();
      for (ModelEvent m : c) {
        if (!contents.contains(m)) {
          contents.add(m);
        }
      }
      ModelEvent m = contents.get(0);
      x.accepted += contents.size();
      x.rivals += contents.size() - 1;
      x.duplicates += c.size() - contents.size();
      if (m.epochSecond() < windowStartOf.get(e.getKey())) {
        x.late++;
      }
      (m.side().equals("DEBIT") ? x.debits : x.credits)
          .computeIfAbsent(m.artifactId(), k -> new TreeMap<>())
          .merge(m.currency(), m.amount(), BigDecimal::add);
      x.eventIds.computeIfAbsent(m.artifactId(), k -> new TreeSet<>()).add(m.eventId());
    }
    return x;
  }

  private static long windowStart(String key) {
    String[] p = key.split("/");
    return Instant.parse(p[1] + "-" + p[2] + "-" + p[3] + "T" + p[4] + ":00:00Z").getEpochSecond();
  }
}
