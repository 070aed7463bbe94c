package dev.recon.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.Line;
import dev.recon.core.model.Money;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Settlement;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The canonical encoding of recon's records: one line of UTF-8 JSON (never a raw newline, so a
 * part-file holds one artifact per line), fields in a fixed order, maps sorted by key, money as
 * normalised decimal strings, instants in UTC ISO-8601. The same record always encodes to the same
 * bytes, which is what makes "a rerun changes no byte" checkable.
 *
 * <p>Encoding and decoding stream, so a million-line artifact is never held as one string.
 */
public final class CanonicalJson {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(16 * 1024 * 1024)
                  .maxNestingDepth(16)
                  .build())
          .build();

  static {
    JSON.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    JSON.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
  }

  private CanonicalJson() {}

  // ---------------------------------------------------------------- reconciliation artifact

  public static byte[] encode(ReconciliationArtifact a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + a.lines().size() * 200);
    write(a, out);
    return out.toByteArray();
  }

  public static void write(ReconciliationArtifact a, OutputStream out) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("artifactId", a.artifactId());
      g.writeNumberField("version", a.version());
      g.writeStringField("asOf", a.asOf().toString());
      g.writeStringField("status", a.status().name());
      writeMoneyMap(g, "balances", a.balances());
      writeMoneyMap(g, "debits", a.debits());
      writeMoneyMap(g, "credits", a.credits());
      g.writeNumberField("lineCount", a.lineCount());
      writeInstant(g, "firstEventTime", a.firstEventTime());
      writeInstant(g, "lastEventTime", a.lastEventTime());
      if (!a.settlement().isEmpty()) {
        g.writeObjectFieldStart("settlement");
        for (Map.Entry<String, Settlement> e : a.settlement().entrySet()) {
          g.writeObjectFieldStart(e.getKey());
          g.writeStringField("expected", Money.format(e.getValue().expected()));
          g.writeStringField("settled", Money.format(e.getValue().settled()));
          g.writeStringField("difference", Money.format(e.getValue().difference()));
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("lines");
      for (Line l : a.lines()) {
        writeLine(g, l);
      }
      g.writeEndArray();
      if (a.previous() != null) {
        g.writeObjectFieldStart("previous");
        g.writeStringField("partFile", a.previous().partFile());
        g.writeNumberField("offset", a.previous().offset());
        g.writeNumberField("length", a.previous().length());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ReconciliationArtifact decodeArtifact(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      return readArtifact(p, new Interner());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ReconciliationArtifact decodeArtifact(InputStream in) {
    try (JsonParser p = JSON.createParser(in)) {
      return readArtifact(p, new Interner());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReconciliationArtifact readArtifact(JsonParser p, Interner in) throws IOException {
    expect(p.nextToken(), JsonToken.START_OBJECT, p);
    String artifactId = null;
    long version = 0;
    Instant asOf = null;
    ArtifactStatus status = null;
    SortedMap<String, BigDecimal> balances = new TreeMap<>();
    SortedMap<String, BigDecimal> debits = new TreeMap<>();
    SortedMap<String, BigDecimal> credits = new TreeMap<>();
    long lineCount = -1;
    Instant first = null;
    Instant last = null;
    List<Line> lines = new ArrayList<>();
    ArtifactLocation previous = null;
    SortedMap<String, Settlement> settlement = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "artifactId" -> artifactId = p.getText();
        case "version" -> version = p.getLongValue();
        case "asOf" -> asOf = Instant.parse(p.getText());
        case "status" -> status = ArtifactStatus.valueOf(p.getText());
        case "balances" -> balances = readMoneyMap(p, in);
        case "debits" -> debits = readMoneyMap(p, in);
        case "credits" -> credits = readMoneyMap(p, in);
        case "lineCount" -> {
          lineCount = p.getLongValue();
          if (lineCount > 0 && lineCount < Integer.MAX_VALUE) {
            lines = new ArrayList<>((int) lineCount);
          }
        }
        case "firstEventTime" ->
            first = t == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
        case "lastEventTime" ->
            last = t == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
        case "lines" -> {
          expect(t, JsonToken.START_ARRAY, p);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            lines.add(readLine(p, in));
          }
        }
        case "previous" -> previous = readLocation(p);
        case "settlement" -> settlement = readSettlement(p, in);
        default -> p.skipChildren();
      }
    }
    return new ReconciliationArtifact(
        artifactId,
        version,
        asOf,
        status,
        balances,
        debits,
        credits,
        lineCount < 0 ? lines.size() : lineCount,
        first,
        last,
        lines,
        previous,
        settlement);
  }

  private static SortedMap<String, Settlement> readSettlement(JsonParser p, Interner in)
      throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, p);
    SortedMap<String, Settlement> out = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String currency = in.intern(p.currentName());
      p.nextToken();
      SortedMap<String, BigDecimal> m = readMoneyMap(p, in);
      out.put(
          currency,
          new Settlement(
              m.getOrDefault("expected", BigDecimal.ZERO),
              m.getOrDefault("settled", BigDecimal.ZERO)));
    }
    return out;
  }

  /**
   * The head of an encoded artifact (everything before its lines) and {@code take} of its lines
   * after the first {@code skip}, read from a stream that is not read further: a page of a
   * million-line artifact costs the bytes up to that page, and the skipped lines are stepped over
   * token by token, never decoded. {@code previous} is not read (it follows the lines): see {@link
   * #previousOfTail}.
   */
  public static ArtifactSlice readPage(InputStream in, long skip, int take) {
    if (skip < 0 || take < 0) {
      throw new IllegalArgumentException("skip and take must not be negative");
    }
    try (JsonParser p = JSON.createParser(in)) {
      Interner interner = new Interner();
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      String artifactId = null;
      long version = 0;
      Instant asOf = null;
      ArtifactStatus status = null;
      SortedMap<String, BigDecimal> balances = new TreeMap<>();
      SortedMap<String, BigDecimal> debits = new TreeMap<>();
      SortedMap<String, BigDecimal> credits = new TreeMap<>();
      long lineCount = 0;
      Instant first = null;
      Instant last = null;
      List<Line> lines = new ArrayList<>(Math.min(take, 1024));
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("lines")) {
          expect(t, JsonToken.START_ARRAY, p);
          long seen = 0;
          while (lines.size() < take && p.nextToken() == JsonToken.START_OBJECT) {
            if (seen++ < skip) {
              p.skipChildren();
            } else {
              lines.add(readLine(p, interner));
            }
          }
          break; // the canonical order puts every header field before the lines
        }
        switch (name) {
          case "artifactId" -> artifactId = p.getText();
          case "version" -> version = p.getLongValue();
          case "asOf" -> asOf = Instant.parse(p.getText());
          case "status" -> status = ArtifactStatus.valueOf(p.getText());
          case "balances" -> balances = readMoneyMap(p, interner);
          case "debits" -> debits = readMoneyMap(p, interner);
          case "credits" -> credits = readMoneyMap(p, interner);
          case "lineCount" -> lineCount = p.getLongValue();
          case "firstEventTime" ->
              first = t == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
          case "lastEventTime" ->
              last = t == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
          default -> p.skipChildren();
        }
      }
      return new ArtifactSlice(
          artifactId,
          version,
          asOf,
          status,
          balances,
          debits,
          credits,
          lineCount,
          first,
          last,
          skip,
          lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final byte[] PREVIOUS_FIELD =
      ",\"previous\":{".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The {@code previous} location of an encoded artifact read from its last bytes ({@code tail}
   * ends where the artifact ends): empty when the artifact has none ({@code ...]}}), or when {@code
   * tail} is too short to hold the field (then read more). The canonical encoding writes {@code
   * previous} last, right after the lines; {@code ,"previous":{} cannot occur inside a JSON string
   * (its quotes would be escaped), so its last occurrence is the field.
   */
  public static Optional<ArtifactLocation> previousOfTail(byte[] tail) {
    int n = tail.length;
    if (n >= 2 && tail[n - 1] == '}' && tail[n - 2] == ']') {
      return Optional.empty();
    }
    outer:
    for (int i = n - PREVIOUS_FIELD.length; i >= 0; i--) {
      for (int j = 0; j < PREVIOUS_FIELD.length; j++) {
        if (tail[i + j] != PREVIOUS_FIELD[j]) {
          continue outer;
        }
      }
      int from = i + PREVIOUS_FIELD.length - 1; // at the '{'
      try (JsonParser p = JSON.createParser(tail, from, n - from)) {
        expect(p.nextToken(), JsonToken.START_OBJECT, p);
        return Optional.of(readLocation(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new TailTooShortException();
  }

  /** {@link #previousOfTail} was handed fewer bytes than the field takes. */
  public static final class TailTooShortException extends RuntimeException {
    TailTooShortException() {
      super("the tail does not reach the previous field", null, false, false);
    }
  }

  private static void writeLine(JsonGenerator g, Line l) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventId", l.eventId());
    g.writeStringField("eventTime", l.eventTime().toString());
    g.writeStringField("type", l.type());
    g.writeStringField("side", l.side().name());
    g.writeStringField("amount", Money.format(l.amount()));
    g.writeStringField("currency", l.currency());
    g.writeStringField("source", l.source());
    g.writeStringField("reference", l.reference());
    writeAttributes(g, l.attributes());
    g.writeNumberField("batch", l.batch());
    g.writeEndObject();
  }

  private static Line readLine(JsonParser p, Interner in) throws IOException {
    Fields f = new Fields();
    long batch = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if ("batch".equals(name)) {
        batch = p.getLongValue();
      } else {
        f.read(name, p);
      }
    }
    return new Line(
        f.eventId,
        Timestamps.instant(f.eventTime),
        in.intern(f.type),
        Side.valueOf(f.side),
        in.amount(f.amount),
        in.intern(f.currency),
        in.intern(f.source),
        f.reference,
        f.attributes,
        batch);
  }

  /**
   * The fields of one event or line object as read, a later copy of a name replacing an earlier one
   * and unknown names ignored. Plain fields rather than a map of names: hashing every field name of
   * every event into a map was a tenth of the reducer's time (issue 14's profile).
   */
  private static final class Fields {
    String eventId;
    String artifactId;
    String eventTime;
    String type;
    String side;
    String amount;
    String currency;
    String source;
    String reference;
    SortedMap<String, String> attributes;

    void read(String name, JsonParser p) throws IOException {
      switch (name) {
        case "eventId" -> eventId = p.getText();
        case "artifactId" -> artifactId = p.getText();
        case "eventTime" -> eventTime = p.getText();
        case "type" -> type = p.getText();
        case "side" -> side = p.getText();
        case "amount" -> amount = p.getText();
        case "currency" -> currency = p.getText();
        case "source" -> source = p.getText();
        case "reference" -> reference = p.getText();
        case "attributes" -> attributes = readStringMap(p);
        default -> p.skipChildren();
      }
    }
  }

  // ---------------------------------------------------------------- events and stateless artifacts

  /** An event in the input schema's field order (DESIGN §3), attributes sorted. */
  public static byte[] encode(Event e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeEvent(g, e, true);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  public static Event decodeEvent(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      return readEvent(p, null, new Interner());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] encode(StatelessArtifact s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + s.events().size() * 200);
    write(s, out);
    return out.toByteArray();
  }

  public static void write(StatelessArtifact s, OutputStream out) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("artifactId", s.artifactId());
      g.writeNumberField("statelessBatch", s.statelessBatch());
      writeMoneyMap(g, "debits", s.debits());
      writeMoneyMap(g, "credits", s.credits());
      g.writeNumberField("eventCount", s.events().size());
      g.writeArrayFieldStart("events");
      for (Event e : s.events()) {
        writeEvent(g, e, false);
      }
      g.writeEndArray();
      if (!s.origins().isEmpty() || !s.rivals().isEmpty()) {
        writeOrigins(g, s.origins(), s.rivals());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StatelessArtifact decodeStateless(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      return readStateless(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StatelessArtifact decodeStateless(InputStream in) {
    try (JsonParser p = JSON.createParser(in)) {
      return readStateless(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Origins as a table of input objects (in order of first use) and, per event, a flat array of
   * (input index, line) pairs: compact, since one line usually holds the events of one or two
   * inputs.
   */
  private static void writeOrigins(
      JsonGenerator g, List<List<EventOrigin>> origins, List<StatelessArtifact.Rival> rivals)
      throws IOException {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (List<EventOrigin> copies : origins) {
      for (EventOrigin o : copies) {
        index.putIfAbsent(o.inputObject(), index.size());
      }
    }
    for (StatelessArtifact.Rival r : rivals) {
      for (EventOrigin o : r.origins()) {
        index.putIfAbsent(o.inputObject(), index.size());
      }
    }
    g.writeArrayFieldStart("inputs");
    for (String input : index.keySet()) {
      g.writeString(input);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("origins");
    for (List<EventOrigin> copies : origins) {
      writeOriginPairs(g, copies, index);
    }
    g.writeEndArray();
    if (!rivals.isEmpty()) {
      g.writeArrayFieldStart("rivals");
      for (StatelessArtifact.Rival r : rivals) {
        g.writeStartObject();
        g.writeNumberField("of", r.of());
        g.writeFieldName("event");
        writeEvent(g, r.event(), false);
        g.writeFieldName("origins");
        writeOriginPairs(g, r.origins(), index);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  private static void writeOriginPairs(
      JsonGenerator g, List<EventOrigin> copies, Map<String, Integer> index) throws IOException {
    g.writeStartArray();
    for (EventOrigin o : copies) {
      g.writeNumber(index.get(o.inputObject()));
      g.writeNumber(o.line());
    }
    g.writeEndArray();
  }

  private static long[] readOriginPairs(JsonParser p) throws IOException {
    long[] pairs = new long[4];
    int n = 0;
    while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
      if (n == pairs.length) {
        pairs = java.util.Arrays.copyOf(pairs, n * 2);
      }
      pairs[n++] = p.getLongValue();
    }
    return java.util.Arrays.copyOf(pairs, n);
  }

  private static List<EventOrigin> originsOf(List<String> inputs, long[] pairs) {
    List<EventOrigin> copies = new ArrayList<>(pairs.length / 2);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      copies.add(new EventOrigin(inputs.get((int) pairs[i]), pairs[i + 1]));
    }
    return copies;
  }

  private static List<List<EventOrigin>> readOrigins(List<String> inputs, List<long[]> flat) {
    List<List<EventOrigin>> out = new ArrayList<>(flat.size());
    for (long[] pairs : flat) {
      out.add(originsOf(inputs, pairs));
    }
    return out;
  }

  /** One rival as read, its origins still input indices. */
  private record RawRival(int of, Event event, long[] pairs) {}

  private static StatelessArtifact readStateless(JsonParser p) throws IOException {
    Interner in = new Interner();
    expect(p.nextToken(), JsonToken.START_OBJECT, p);
    String artifactId = null;
    long batch = 0;
    SortedMap<String, BigDecimal> debits = new TreeMap<>();
    SortedMap<String, BigDecimal> credits = new TreeMap<>();
    List<Event> events = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<long[]> origins = new ArrayList<>();
    List<RawRival> rawRivals = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "artifactId" -> artifactId = p.getText();
        case "statelessBatch" -> batch = p.getLongValue();
        case "debits" -> debits = readMoneyMap(p, in);
        case "credits" -> credits = readMoneyMap(p, in);
        case "eventCount" -> {
          long n = p.getLongValue();
          if (n > 0 && n < Integer.MAX_VALUE) {
            events = new ArrayList<>((int) n);
          }
        }
        case "events" -> {
          expect(t, JsonToken.START_ARRAY, p);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            events.add(readEvent(p, artifactId, in));
          }
        }
        case "inputs" -> {
          expect(t, JsonToken.START_ARRAY, p);
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            inputs.add(in.intern(p.getText()));
          }
        }
        case "origins" -> {
          expect(t, JsonToken.START_ARRAY, p);
          while (p.nextToken() == JsonToken.START_ARRAY) {
            origins.add(readOriginPairs(p));
          }
        }
        case "rivals" -> {
          expect(t, JsonToken.START_ARRAY, p);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            int of = -1;
            Event event = null;
            long[] pairs = new long[0];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              JsonToken v = p.nextToken();
              switch (field) {
                case "of" -> of = p.getIntValue();
                case "event" -> {
                  expect(v, JsonToken.START_OBJECT, p);
                  event = readEvent(p, artifactId, in);
                }
                case "origins" -> {
                  expect(v, JsonToken.START_ARRAY, p);
                  pairs = readOriginPairs(p);
                }
                default -> p.skipChildren();
              }
            }
            rawRivals.add(new RawRival(of, event, pairs));
          }
        }
        default -> p.skipChildren();
      }
    }
    List<StatelessArtifact.Rival> rivals = new ArrayList<>(rawRivals.size());
    for (RawRival r : rawRivals) {
      rivals.add(new StatelessArtifact.Rival(r.of(), r.event(), originsOf(inputs, r.pairs())));
    }
    return new StatelessArtifact(
        artifactId, batch, events, debits, credits, readOrigins(inputs, origins), rivals);
  }

  private static void writeEvent(JsonGenerator g, Event e, boolean withArtifactId)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("eventId", e.eventId());
    if (withArtifactId) {
      g.writeStringField("artifactId", e.artifactId());
    }
    g.writeStringField("eventTime", e.eventTime().toString());
    g.writeStringField("type", e.type());
    g.writeStringField("side", e.side().name());
    g.writeStringField("amount", Money.format(e.amount()));
    g.writeStringField("currency", e.currency());
    g.writeStringField("source", e.source());
    g.writeStringField("reference", e.reference());
    writeAttributes(g, e.attributes());
    g.writeEndObject();
  }

  /** Reads an event object whose START_OBJECT was consumed; artifactId from context if absent. */
  private static Event readEvent(JsonParser p, String artifactId, Interner in) throws IOException {
    Fields f = new Fields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      f.read(name, p);
    }
    return new Event(
        f.eventId,
        f.artifactId != null ? f.artifactId : artifactId,
        Timestamps.instant(f.eventTime),
        in.intern(f.type),
        Side.valueOf(f.side),
        in.amount(f.amount),
        in.intern(f.currency),
        in.intern(f.source),
        f.reference,
        f.attributes);
  }

  // ---------------------------------------------------------------- quarantine records

  public static byte[] encode(QuarantineRecord q) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("inputObject", q.inputObject());
      g.writeNumberField("lineNumber", q.lineNumber());
      g.writeStringField("reason", q.reason().name());
      g.writeStringField("detail", q.detail());
      g.writeNumberField("rawLength", q.rawLength());
      g.writeStringField("raw", q.rawText());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static QuarantineRecord decodeQuarantine(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      Map<String, String> f = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        f.put(name, p.getText());
      }
      return new QuarantineRecord(
          f.get("inputObject"),
          Long.parseLong(f.get("lineNumber")),
          f.get("raw"),
          Long.parseLong(f.get("rawLength")),
          QuarantineReason.valueOf(f.get("reason")),
          f.get("detail"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void writeMoneyMap(JsonGenerator g, String name, Map<String, BigDecimal> m)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, BigDecimal> e : new TreeMap<>(m).entrySet()) {
      g.writeStringField(e.getKey(), Money.format(e.getValue()));
    }
    g.writeEndObject();
  }

  private static SortedMap<String, BigDecimal> readMoneyMap(JsonParser p, Interner in)
      throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, p);
    SortedMap<String, BigDecimal> m = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      m.put(in.intern(k), new BigDecimal(p.getText()));
    }
    return m;
  }

  private static void writeAttributes(JsonGenerator g, Map<String, String> attributes)
      throws IOException {
    if (attributes.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static SortedMap<String, String> readStringMap(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, p);
    SortedMap<String, String> m = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      m.put(k, p.getText());
    }
    return m;
  }

  private static ArtifactLocation readLocation(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    String partFile = null;
    long offset = -1;
    long length = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "partFile" -> partFile = p.getText();
        case "offset" -> offset = p.getLongValue();
        case "length" -> length = p.getLongValue();
        default -> p.skipChildren();
      }
    }
    return new ArtifactLocation(partFile, offset, length);
  }

  private static void writeInstant(JsonGenerator g, String name, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, t.toString());
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new IOException(
          "expected " + expected + " but found " + actual + " at " + p.currentLocation());
    }
  }

  /** Shares the few distinct values of repeated fields while decoding a large artifact. */
  private static final class Interner {
    private final Map<String, String> strings = new HashMap<>();
    private final Map<String, BigDecimal> amounts = new HashMap<>();

    String intern(String s) {
      if (s == null || strings.size() > 4096) {
        return s;
      }
      return strings.computeIfAbsent(s, k -> k);
    }

    BigDecimal amount(String s) {
      if (amounts.size() > 65_536) {
        return new BigDecimal(s);
      }
      return amounts.computeIfAbsent(s, BigDecimal::new);
    }
  }
}
