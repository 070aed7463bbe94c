package dev.recon.core.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.RawLine;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.Side;
import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one input line into an {@link Event} or a {@link QuarantineRecord} with a reason; it never
 * throws for bad input. Checks run in a fixed order (length, UTF-8, JSON, missing fields, ids,
 * timestamp, amount, currency, other fields) so a line always gets the same reason.
 *
 * <p>Decisions: unknown top-level fields are ignored (forward compatibility); {@code source} and
 * {@code reference} are optional; {@code amount} may be a JSON string or a JSON number, read from
 * its exact text (never through a double), and must be a plain positive decimal; duplicate field
 * names are malformed JSON; event times need an explicit offset and are stored in UTC.
 *
 * <p>External lines (DESIGN §9): an event whose {@code source} is one of the batch's rule set's
 * {@code externalSources} may omit {@code artifactId} (or give it as null); it is accepted with the
 * empty artifactId ({@link Event#isUnkeyed()}) and goes to matching. A present artifactId is
 * checked as always, so {@code "artifactId": ""} is still BAD_ID. The source {@value
 * #RESERVED_SOURCE} is the matching stage's own (its settlement instructions): input naming it is
 * BAD_FIELD unless the object is the stage's instructions object ({@link
 * Layout#isMatchInstructions}), so a producer cannot forge a settlement.
 *
 * <p>Not thread-safe (it interns repeated strings): use one per thread or Spark partition.
 */
public final class EventValidator {
  /** How much raw text a quarantine record keeps. */
  public static final int MAX_RAW_TEXT = 4096;

  public static final int MAX_TYPE_LENGTH = 64;
  public static final int MAX_TEXT_LENGTH = 256;
  public static final int MAX_ATTRIBUTES = 64;

  /** The source of the matching stage's settlement instructions, refused in ordinary input. */
  public static final String RESERVED_SOURCE = Event.MATCH_SOURCE;

  private static final Instant EARLIEST_EVENT_TIME = Instant.EPOCH;
  private static final Instant LATEST_EVENT_TIME = Instant.parse("9999-12-31T23:59:59Z");

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Set<String> ISO_CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final RulesConfig rules;

  /** Interns the few distinct values of low-cardinality fields so large batches share strings. */
  private final Map<String, String> interned = new HashMap<>();

  /** The tenant of the inputs validated; an event naming another is WRONG_TENANT. */
  private final TenantId tenant;

  public EventValidator(RulesConfig rules) {
    this(rules, TenantId.DEFAULT);
  }

  /** Sources whose events are external (statement) lines, which may omit artifactId. */
  private final Set<String> externalSources;

  public EventValidator(RulesConfig rules, TenantId tenant) {
    this(rules, tenant, Set.of());
  }

  public EventValidator(RulesConfig rules, TenantId tenant, Set<String> externalSources) {
    this.rules = rules;
    this.tenant = java.util.Objects.requireNonNull(tenant, "tenant");
    this.externalSources = Set.copyOf(externalSources);
  }

  /**
   * Whether an accepted event goes to matching: an external (statement) line of this batch's rule
   * set, or a manual matching instruction (accepted only when the batch has a rule set).
   */
  public boolean isExternal(Event e) {
    return !externalSources.isEmpty()
        && (externalSources.contains(e.source()) || Event.MANUAL_SOURCE.equals(e.source()));
  }

  /** A line whose input window is unknown: only the absolute event-time range applies. */
  public LineVerdict validate(String inputObject, RawLine line) {
    return validate(inputObject, line, null);
  }

  /**
   * Validates one line read from {@code inputObject}.
   *
   * @param windowEnd the end of the input batch's window, or null when unknown; an event time more
   *     than {@link RulesConfig#maxEventTimeSkew()} after it is BAD_TIMESTAMP (never the wall
   *     clock, so a rerun decides the same)
   */
  public LineVerdict validate(String inputObject, RawLine line, Instant windowEnd) {
    if (line.tooLong()) {
      return reject(
          inputObject,
          line,
          QuarantineReason.LINE_TOO_LONG,
          "line has " + line.byteLength() + " bytes, limit " + rules.maxLineBytes());
    }
    if (line.malformedUtf8()) {
      return reject(
          inputObject,
          line,
          QuarantineReason.MALFORMED_UTF8,
          "line is not valid UTF-8 (first bad byte at offset "
              + line.malformedUtf8At()
              + "); the raw text shows each bad byte as \\xNN");
    }
    return validateText(inputObject, line, windowEnd);
  }

  /** Validates text that is already characters (no byte-level checks, no window). */
  public LineVerdict validate(String inputObject, long lineNumber, String text) {
    return validateText(inputObject, new RawLine(lineNumber, text, text.length(), false), null);
  }

  private LineVerdict validateText(String inputObject, RawLine line, Instant windowEnd) {
    String text = line.text();
    if (text.length() > rules.maxLineBytes()
        || (text.length() * 3L > rules.maxLineBytes()
            && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > rules.maxLineBytes())) {
      return reject(
          inputObject,
          line,
          QuarantineReason.LINE_TOO_LONG,
          "line longer than " + rules.maxLineBytes() + " bytes");
    }
    Map<String, Object> fields;
    try {
      fields = parseObject(text);
    } catch (BadLine e) {
      return reject(inputObject, line, e.reason, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return reject(inputObject, line, QuarantineReason.MALFORMED_JSON, firstLine(e.getMessage()));
    }
    try {
      return new LineVerdict(
          toEvent(
              fields,
              windowEnd,
              Layout.isMatchInstructions(inputObject),
              Layout.isManualInstructions(inputObject)),
          null);
    } catch (BadLine e) {
      return reject(inputObject, line, e.reason, e.getMessage());
    }
  }

  private Event toEvent(
      Map<String, Object> f, Instant windowEnd, boolean instructions, boolean manualObject)
      throws BadLine {
    // (an immutable set refuses contains(null): a line without a source is never external)
    boolean manual = Event.MANUAL_SOURCE.equals(f.get("source"));
    boolean external =
        f.get("source") instanceof String src
            && (externalSources.contains(src) || (manual && !externalSources.isEmpty()));
    if (manual && manualObject && externalSources.isEmpty()) {
      throw new BadLine(
          QuarantineReason.BAD_FIELD,
          "a manual matching instruction needs a rule set in force for its batch (none is)");
    }
    for (String name :
        new String[] {"eventId", "artifactId", "eventTime", "type", "side", "amount", "currency"}) {
      if (f.get(name) == null && !(external && name.equals("artifactId"))) {
        throw new BadLine(QuarantineReason.MISSING_FIELD, "missing field " + name);
      }
    }
    Object named = f.get("tenant");
    if (named != null && !tenant.value().equals(named)) {
      throw new BadLine(
          QuarantineReason.WRONG_TENANT,
          named instanceof String t
              ? "event names tenant " + clip(t) + " but its input object is tenant " + tenant + "'s"
              : "tenant must be a string");
    }
    String eventId = string(f, "eventId", QuarantineReason.BAD_ID);
    boolean unkeyed = f.get("artifactId") == null;
    String artifactId = unkeyed ? "" : string(f, "artifactId", QuarantineReason.BAD_ID);
    Optional<String> idProblem = Ids.problem(eventId, rules.maxIdLength());
    if (idProblem.isPresent()) {
      throw new BadLine(QuarantineReason.BAD_ID, "eventId: " + idProblem.get());
    }
    idProblem = unkeyed ? Optional.empty() : Ids.problem(artifactId, rules.maxIdLength());
    if (idProblem.isPresent()) {
      throw new BadLine(QuarantineReason.BAD_ID, "artifactId: " + idProblem.get());
    }
    Instant eventTime = timestamp(string(f, "eventTime", QuarantineReason.BAD_TIMESTAMP));
    if (windowEnd != null) {
      Instant latest = windowEnd.plus(rules.maxEventTimeSkew());
      if (eventTime.isAfter(latest)) {
        throw new BadLine(
            QuarantineReason.BAD_TIMESTAMP,
            "eventTime "
                + eventTime
                + " is more than "
                + rules.maxEventTimeSkew()
                + " after the input's window end "
                + windowEnd
                + " (latest allowed "
                + latest
                + ")");
      }
    }
    BigDecimal amount = amount(f.get("amount"));
    String currency = string(f, "currency", QuarantineReason.BAD_CURRENCY);
    if (!CURRENCY.matcher(currency).matches() || !ISO_CURRENCIES.contains(currency)) {
      throw new BadLine(QuarantineReason.BAD_CURRENCY, "not an ISO 4217 code: " + clip(currency));
    }
    String sideText = string(f, "side", QuarantineReason.BAD_FIELD);
    Side side;
    if ("DEBIT".equals(sideText)) {
      side = Side.DEBIT;
    } else if ("CREDIT".equals(sideText)) {
      side = Side.CREDIT;
    } else {
      throw new BadLine(
          QuarantineReason.BAD_FIELD, "side must be DEBIT or CREDIT: " + clip(sideText));
    }
    String type = text(f, "type", MAX_TYPE_LENGTH, true);
    String source = f.get("source") == null ? "" : text(f, "source", MAX_TEXT_LENGTH, false);
    if (RESERVED_SOURCE.equals(source) && !instructions) {
      throw new BadLine(
          QuarantineReason.BAD_FIELD,
          "source "
              + RESERVED_SOURCE
              + " is reserved for the matching stage's settlement instructions");
    }
    if (manual && !manualObject) {
      throw new BadLine(
          QuarantineReason.BAD_FIELD,
          "source "
              + Event.MANUAL_SOURCE
              + " is reserved for manual matching instructions (recon match, unmatch, confirm)");
    }
    String reference =
        f.get("reference") == null ? "" : text(f, "reference", MAX_TEXT_LENGTH, false);
    TreeMap<String, String> attributes = attributes(f.get("attributes"));
    if (manual) {
      Optional<String> problem =
          unkeyed
              ? dev.recon.core.match.ManualAction.problem(type, reference, attributes)
              : Optional.of("a manual matching instruction has no artifactId (it names its line)");
      if (problem.isPresent()) {
        throw new BadLine(QuarantineReason.BAD_FIELD, problem.get());
      }
    }
    return new Event(
        eventId,
        artifactId,
        eventTime,
        intern(type),
        side,
        amount,
        intern(currency),
        intern(source),
        reference,
        attributes);
  }

  private Instant timestamp(String text) throws BadLine {
    try {
      Instant t = Timestamps.parse(text);
      if (t.isBefore(EARLIEST_EVENT_TIME) || t.isAfter(LATEST_EVENT_TIME)) {
        throw new BadLine(QuarantineReason.BAD_TIMESTAMP, "eventTime out of range: " + clip(text));
      }
      return t;
    } catch (DateTimeParseException e) {
      throw new BadLine(
          QuarantineReason.BAD_TIMESTAMP,
          "eventTime is not ISO-8601 with an offset: " + clip(text));
    }
  }

  private BigDecimal amount(Object raw) throws BadLine {
    String text = raw instanceof NumberText n ? n.text : raw instanceof String s ? s : null;
    if (text == null) {
      throw new BadLine(QuarantineReason.BAD_AMOUNT, "amount must be a decimal string");
    }
    if (text.startsWith("-")) {
      throw new BadLine(QuarantineReason.BAD_AMOUNT, "negative amount: " + clip(text));
    }
    if (!PLAIN_DECIMAL.matcher(text).matches()) {
      throw new BadLine(QuarantineReason.BAD_AMOUNT, "not a plain decimal number: " + clip(text));
    }
    BigDecimal amount = new BigDecimal(text);
    if (amount.signum() == 0) {
      throw new BadLine(QuarantineReason.BAD_AMOUNT, "zero amount");
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    int scale = Math.max(stripped.scale(), 0);
    int integerDigits = Math.max(stripped.precision() - stripped.scale(), 1);
    if (scale > rules.maxAmountScale() || integerDigits + scale > rules.maxAmountDigits()) {
      throw new BadLine(
          QuarantineReason.BAD_AMOUNT,
          "too many digits (max "
              + rules.maxAmountDigits()
              + ", "
              + rules.maxAmountScale()
              + " decimals): "
              + clip(text));
    }
    return amount;
  }

  private static String string(Map<String, Object> f, String name, QuarantineReason reason)
      throws BadLine {
    Object v = f.get(name);
    if (v instanceof String s) {
      return s;
    }
    throw new BadLine(reason, name + " must be a string");
  }

  private String text(Map<String, Object> f, String name, int max, boolean required)
      throws BadLine {
    String s = string(f, name, QuarantineReason.BAD_FIELD);
    if ((required && s.isEmpty()) || s.length() > max || hasControl(s)) {
      throw new BadLine(
          QuarantineReason.BAD_FIELD,
          name
              + " must be "
              + (required ? "1.." : "0..")
              + max
              + " characters without control characters");
    }
    return s;
  }

  private static TreeMap<String, String> attributes(Object raw) throws BadLine {
    TreeMap<String, String> out = new TreeMap<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw new BadLine(QuarantineReason.BAD_FIELD, "attributes must be an object of strings");
    }
    if (map.size() > MAX_ATTRIBUTES) {
      throw new BadLine(QuarantineReason.BAD_FIELD, "more than " + MAX_ATTRIBUTES + " attributes");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String k = (String) e.getKey();
      if (!(e.getValue() instanceof String v)
          || k.isEmpty()
          || k.length() > MAX_TYPE_LENGTH
          || hasControl(k)
          || v.length() > MAX_TEXT_LENGTH
          || hasControl(v)) {
        throw new BadLine(
            QuarantineReason.BAD_FIELD, "attribute " + clip(k) + " must be a short string");
      }
      out.put(k, (String) e.getValue());
    }
    return out;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses one JSON object whose values are strings, numbers (kept as text), null, or (only for
   * attributes) a flat object. Nested arrays/objects elsewhere are a field-level error, not
   * malformed JSON, so they are decided after syntax.
   */
  private static Map<String, Object> parseObject(String text) throws IOException, BadLine {
    if (text.isBlank()) {
      throw new BadLine(QuarantineReason.MALFORMED_JSON, "empty line");
    }
    Map<String, Object> fields = new HashMap<>();
    BadLine deferred = null;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLine(QuarantineReason.MALFORMED_JSON, "line is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (v) {
          case VALUE_STRING -> fields.put(name, p.getText());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
              fields.put(name, new NumberText(p.getText()));
          case VALUE_NULL -> fields.put(name, null);
          case VALUE_TRUE, VALUE_FALSE -> fields.put(name, Boolean.valueOf(p.getBooleanValue()));
          case START_OBJECT -> {
            if ("attributes".equals(name)) {
              fields.put(name, flatObject(p));
            } else {
              p.skipChildren();
              fields.put(name, new Object());
            }
          }
          case START_ARRAY -> {
            p.skipChildren();
            fields.put(name, new Object());
          }
          default -> throw new BadLine(QuarantineReason.MALFORMED_JSON, "unexpected " + v);
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new BadLine(QuarantineReason.MALFORMED_JSON, "unterminated object");
      }
      if (p.nextToken() != null) {
        throw new BadLine(QuarantineReason.MALFORMED_JSON, "trailing content after the object");
      }
    } catch (JsonParseException e) {
      throw new BadLine(QuarantineReason.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
    }
    return fields;
  }

  private static Map<String, Object> flatObject(JsonParser p) throws IOException {
    Map<String, Object> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_STRING) {
        out.put(k, p.getText());
      } else {
        p.skipChildren();
        out.put(k, new Object());
      }
    }
    return out;
  }

  private String intern(String s) {
    if (interned.size() > 10_000) {
      return s;
    }
    return interned.computeIfAbsent(s, k -> k);
  }

  private static QuarantineRecord record(
      String inputObject, RawLine line, QuarantineReason reason, String detail) {
    String raw = line.text();
    if (raw.length() > MAX_RAW_TEXT) {
      // never cut a surrogate pair in two
      int cut =
          Character.isHighSurrogate(raw.charAt(MAX_RAW_TEXT - 1)) ? MAX_RAW_TEXT - 1 : MAX_RAW_TEXT;
      raw = raw.substring(0, cut);
    }
    return new QuarantineRecord(
        inputObject, line.lineNumber(), raw, line.byteLength(), reason, detail);
  }

  private static LineVerdict reject(
      String inputObject, RawLine line, QuarantineReason reason, String detail) {
    return new LineVerdict(null, record(inputObject, line, reason, detail));
  }

  private static String clip(String s) {
    String c = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    StringBuilder b = new StringBuilder();
    c.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unparseable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The exact text of a JSON number, so amounts never pass through a double. */
  private record NumberText(String text) {}

  private static final class BadLine extends Exception {
    final QuarantineReason reason;

    BadLine(QuarantineReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
