package dev.recon.core.match;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON forms of matching's state and decisions (the matching stage's {@code
 * match/<N>/state.json} and {@code match/<N>/results.jsonl}): fixed field order, amounts as plain
 * decimal strings, times as ISO-8601 UTC, so equal values have equal bytes and a rerun writes the
 * same objects. {@link #decodeState} reads exactly what {@link #encode(MatchStep.State)} writes.
 */
public final class MatchCodec {
  public static final int FORMAT_VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  private MatchCodec() {}

  // ------------------------------------------------------------------------------------ state

  public static byte[] encode(MatchStep.State s) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("formatVersion", FORMAT_VERSION);
          g.writeNumberField("batch", s.batch());
          g.writeArrayFieldStart("openSettling");
          for (SettlingLine l : s.openSettling()) {
            writeSettling(g, l);
          }
          g.writeEndArray();
          g.writeArrayFieldStart("openExternal");
          for (MatchStep.OpenExternal o : s.openExternal()) {
            g.writeStartObject();
            g.writeFieldName("line");
            writeExternal(g, o.line());
            g.writeNumberField("firstBatch", o.firstBatch());
            g.writeFieldName("last");
            writeResult(g, o.last());
            if (o.held()) {
              g.writeBooleanField("held", true);
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeObjectFieldStart("seen");
          for (Map.Entry<String, String> e : s.seen().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeArrayFieldStart("settled");
          for (MatchStep.Settled x : s.settled()) {
            g.writeStartObject();
            g.writeArrayFieldStart("lines");
            for (ExternalLine l : x.lines()) {
              writeExternal(g, l);
            }
            g.writeEndArray();
            g.writeFieldName("result");
            writeResult(g, x.result());
            g.writeArrayFieldStart("settling");
            for (SettlingLine l : x.settling()) {
              writeSettling(g, l);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeObjectFieldStart("reopened");
          for (Map.Entry<String, Integer> e : s.reopened().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  @SuppressWarnings("unchecked")
  public static MatchStep.State decodeState(byte[] bytes) {
    Map<String, Object> m = object(read(bytes));
    long version = number(m, "formatVersion");
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported matching state format " + version);
    }
    List<SettlingLine> settling = new ArrayList<>();
    for (Object o : (List<Object>) m.get("openSettling")) {
      settling.add(settling(object(o)));
    }
    List<MatchStep.OpenExternal> open = new ArrayList<>();
    for (Object o : (List<Object>) m.get("openExternal")) {
      Map<String, Object> f = object(o);
      open.add(
          new MatchStep.OpenExternal(
              external(object(f.get("line"))),
              number(f, "firstBatch"),
              result(object(f.get("last"))),
              Boolean.TRUE.equals(f.get("held"))));
    }
    TreeMap<String, String> seen = new TreeMap<>();
    object(m.get("seen")).forEach((k, v) -> seen.put(k, (String) v));
    // (a state written before manual actions has neither: nothing applied can be undone then)
    List<MatchStep.Settled> settled = new ArrayList<>();
    for (Object o : (List<Object>) m.getOrDefault("settled", List.of())) {
      Map<String, Object> f = object(o);
      List<ExternalLine> lines = new ArrayList<>();
      for (Object l : (List<Object>) f.get("lines")) {
        lines.add(external(object(l)));
      }
      List<SettlingLine> of = new ArrayList<>();
      for (Object l : (List<Object>) f.get("settling")) {
        of.add(settling(object(l)));
      }
      settled.add(new MatchStep.Settled(lines, result(object(f.get("result"))), of));
    }
    TreeMap<String, Integer> reopened = new TreeMap<>();
    object(m.getOrDefault("reopened", Map.of()))
        .forEach((k, v) -> reopened.put(k, ((Number) v).intValue()));
    return new MatchStep.State(number(m, "batch"), settling, open, seen, settled, reopened);
  }

  // ------------------------------------------------------------------------------------ results

  /** One decision as one JSON object (no newline). */
  /**
   * One line of {@code match/<N>/results.jsonl} and of {@code recon matches --format jsonl} (DESIGN
   * §9): the statement line, the batch that decided it and the decision, with {@code artifactIds}
   * and {@code settledEventIds} empty unless MATCHED, the candidates when SUGGESTED, and, when
   * MATCHED or MANUAL, {@code match} (the statement lines of a split and both amounts); for a
   * decision a manual action made, {@code manual}: the action, its kind, actor, reason and time.
   *
   * @param manual the manual action that made this decision, or null for the rules
   */
  public record Decided(ExternalLine line, long batch, MatchResult result, Manual manual) {
    public Decided {
      java.util.Objects.requireNonNull(line, "line");
      java.util.Objects.requireNonNull(result, "result");
      if (!line.eventId().equals(result.eventId())) {
        throw new IllegalArgumentException("a decision about another line");
      }
    }

    public Decided(ExternalLine line, long batch, MatchResult result) {
      this(line, batch, result, null);
    }
  }

  /** Who decided by hand, how and why (the audit of a manual decision). */
  public record Manual(String action, String kind, String actor, String reason, Instant at) {
    public static Manual of(ManualAction a) {
      return new Manual(a.eventId(), a.kind().name(), a.actor(), a.reason(), a.at());
    }
  }

  public static byte[] encode(Decided d) {
    ExternalLine l = d.line();
    MatchResult r = d.result();
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("eventId", l.eventId());
          g.writeStringField("source", l.source());
          g.writeStringField("status", r.status().name());
          writeStrings(g, "artifactIds", r.artifactIds());
          writeStrings(g, "settledEventIds", r.settledEventIds());
          if (r.rule() != null) {
            g.writeStringField("rule", r.rule());
          }
          if (r.score() != null) {
            g.writeNumberField("score", r.score());
          }
          g.writeStringField("amount", l.amount().toPlainString());
          g.writeStringField("currency", l.currency());
          g.writeStringField("eventTime", l.eventTime().toString());
          g.writeStringField("reference", l.reference());
          g.writeNumberField("batch", d.batch());
          if (r.match() != null) {
            g.writeFieldName("match");
            writeCandidate(g, r.match());
          }
          g.writeArrayFieldStart("candidates");
          for (Candidate c : r.candidates()) {
            writeCandidate(g, c);
          }
          g.writeEndArray();
          g.writeBooleanField("candidatesTruncated", r.candidatesTruncated());
          Manual m = d.manual();
          if (m != null) {
            g.writeObjectFieldStart("manual");
            g.writeStringField("action", m.action());
            g.writeStringField("kind", m.kind());
            g.writeStringField("actor", m.actor());
            g.writeStringField("reason", m.reason());
            g.writeStringField("at", m.at().toString());
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  public static Decided decodeDecided(byte[] bytes) {
    Map<String, Object> f = object(read(bytes));
    Manual manual = null;
    if (f.get("manual") != null) {
      Map<String, Object> m = object(f.get("manual"));
      manual =
          new Manual(
              text(m, "action"),
              text(m, "kind"),
              text(m, "actor"),
              text(m, "reason"),
              Instant.parse(text(m, "at")));
    }
    return new Decided(external(f), number(f, "batch"), result(f), manual);
  }

  public static byte[] encode(MatchResult r) {
    return write(g -> writeResult(g, r));
  }

  public static MatchResult decodeResult(byte[] bytes) {
    return result(object(read(bytes)));
  }

  // ------------------------------------------------------------------------------------ manifest

  /**
   * {@code match/<N>/manifest.json}, written last.
   *
   * @param rules the rule set's key ({@code config/rules/v<version>-<hash>.yaml})
   * @param previous the batch whose state this one started from (0: none)
   * @param instructions the instructions input object, or null when none was emitted
   */
  /** The manifest count of statement lines re-sent with other content (quarantined). */
  public static final String CONFLICTING_STATEMENT_LINES = "conflictingStatementLines";

  public record Manifest(
      long batch,
      String rules,
      long previous,
      java.util.SortedMap<String, Long> counts,
      String instructions) {
    public Manifest {
      counts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    public long count(String name) {
      return counts.getOrDefault(name, 0L);
    }
  }

  public static byte[] encode(Manifest m) {
    byte[] body =
        write(
            g -> {
              g.writeStartObject();
              g.writeNumberField("formatVersion", FORMAT_VERSION);
              g.writeNumberField("batch", m.batch());
              g.writeStringField("rules", m.rules());
              g.writeNumberField("previous", m.previous());
              g.writeObjectFieldStart("counts");
              for (Map.Entry<String, Long> e : m.counts().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
              }
              g.writeEndObject();
              if (m.instructions() != null) {
                g.writeStringField("instructions", m.instructions());
              }
              g.writeEndObject();
            });
    byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
    out[body.length] = '\n';
    return out;
  }

  public static Manifest decodeManifest(byte[] bytes) {
    Map<String, Object> m = object(read(bytes));
    if (number(m, "formatVersion") != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported matching manifest format");
    }
    TreeMap<String, Long> counts = new TreeMap<>();
    object(m.get("counts")).forEach((k, v) -> counts.put(k, (Long) v));
    return new Manifest(
        number(m, "batch"),
        text(m, "rules"),
        number(m, "previous"),
        counts,
        (String) m.get("instructions"));
  }

  // ------------------------------------------------------------------------------------ writing

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeSettling(JsonGenerator g, SettlingLine l) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventId", l.eventId());
    g.writeStringField("artifactId", l.artifactId());
    g.writeStringField("amount", l.amount().toPlainString());
    g.writeStringField("currency", l.currency());
    g.writeStringField("eventTime", l.eventTime().toString());
    g.writeStringField("reference", l.reference());
    g.writeEndObject();
  }

  private static void writeExternal(JsonGenerator g, ExternalLine l) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventId", l.eventId());
    g.writeStringField("source", l.source());
    g.writeStringField("amount", l.amount().toPlainString());
    g.writeStringField("currency", l.currency());
    g.writeStringField("eventTime", l.eventTime().toString());
    g.writeStringField("reference", l.reference());
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, MatchResult r) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventId", r.eventId());
    g.writeStringField("status", r.status().name());
    if (r.rule() != null) {
      g.writeStringField("rule", r.rule());
    }
    if (r.score() != null) {
      g.writeStringField("score", r.score().toPlainString());
    }
    if (r.match() != null) {
      g.writeFieldName("match");
      writeCandidate(g, r.match());
    }
    g.writeArrayFieldStart("candidates");
    for (Candidate c : r.candidates()) {
      writeCandidate(g, c);
    }
    g.writeEndArray();
    g.writeBooleanField("candidatesTruncated", r.candidatesTruncated());
    g.writeEndObject();
  }

  private static void writeCandidate(JsonGenerator g, Candidate c) throws IOException {
    g.writeStartObject();
    writeStrings(g, "externalEventIds", c.externalEventIds());
    writeStrings(g, "settledEventIds", c.settledEventIds());
    writeStrings(g, "artifactIds", c.artifactIds());
    g.writeStringField("externalAmount", c.externalAmount().toPlainString());
    g.writeStringField("settledAmount", c.settledAmount().toPlainString());
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  // ------------------------------------------------------------------------------------ reading

  private static SettlingLine settling(Map<String, Object> f) {
    return new SettlingLine(
        text(f, "eventId"),
        text(f, "artifactId"),
        new BigDecimal(text(f, "amount")),
        text(f, "currency"),
        Instant.parse(text(f, "eventTime")),
        text(f, "reference"));
  }

  private static ExternalLine external(Map<String, Object> f) {
    return new ExternalLine(
        text(f, "eventId"),
        text(f, "source"),
        new BigDecimal(text(f, "amount")),
        text(f, "currency"),
        Instant.parse(text(f, "eventTime")),
        text(f, "reference"));
  }

  @SuppressWarnings("unchecked")
  private static MatchResult result(Map<String, Object> f) {
    List<Candidate> candidates = new ArrayList<>();
    for (Object o : (List<Object>) f.get("candidates")) {
      candidates.add(candidate(object(o)));
    }
    return new MatchResult(
        text(f, "eventId"),
        MatchStatus.valueOf(text(f, "status")),
        (String) f.get("rule"),
        // a string in the state, a JSON number in the export: both keep their scale
        f.get("score") == null ? null : new BigDecimal(f.get("score").toString()),
        f.get("match") == null ? null : candidate(object(f.get("match"))),
        candidates,
        Boolean.TRUE.equals(f.get("candidatesTruncated")));
  }

  @SuppressWarnings("unchecked")
  private static Candidate candidate(Map<String, Object> f) {
    return new Candidate(
        (List<String>) (List<?>) f.get("externalEventIds"),
        (List<String>) (List<?>) f.get("settledEventIds"),
        (List<String>) (List<?>) f.get("artifactIds"),
        new BigDecimal(text(f, "externalAmount")),
        new BigDecimal(text(f, "settledAmount")));
  }

  private static String text(Map<String, Object> f, String name) {
    Object v = f.get(name);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("field " + name + " must be a string");
    }
    return s;
  }

  private static long number(Map<String, Object> f, String name) {
    Object v = f.get(name);
    if (!(v instanceof Long n)) {
      throw new IllegalArgumentException("field " + name + " must be an integer");
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return (Map<String, Object>) m;
  }

  /** The whole document as maps, lists, strings, longs and booleans. */
  private static Object read(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      return value(p, p.nextToken());
    } catch (IOException e) {
      throw new IllegalArgumentException("not matching JSON: " + e.getMessage(), e);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new IllegalArgumentException("empty document");
    }
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(value(p, n));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("unexpected " + t);
    };
  }
}
