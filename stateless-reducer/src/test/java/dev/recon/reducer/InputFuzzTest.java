package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A bounded fuzzing budget over the whole-file path of the reducer: {@link InputObjectReader} (the
 * {@link BoundedLineReader} and the core {@link EventValidator}). Files mix random bytes, valid
 * events, mutated JSON, over-long lines, empty lines, exact re-sends and conflicting copies, plain
 * or gzip. Nothing may throw; every line becomes exactly one event or quarantine row, and the
 * counts add up to the lines in the file.
 */
class InputFuzzTest {
  private static final int MAX_LINE = 512;
  private static final RulesConfig RULES = RulesConfig.DEFAULTS.withMaxLineBytes(MAX_LINE);
  private static final String[] FRAGMENTS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "null",
    "true",
    "1e999",
    "-0",
    "0.005",
    "\"eventId\"",
    "\"amount\"",
    "\"2026-11-01T10:00:00Z\"",
    "\"USD\"",
    "\"XXX\"",
    "\"DEBIT\"",
    "\"CREDIT\"",
    "\u00e9",
    "\ud83d\ude00",
    "\r",
    "\t",
    " ",
    "{\"a\":{\"b\":[1,2,{}]}}",
    "\"eventId\":\"e1\",\"eventId\":\"e2\""
  };
  private static final String[] FIELDS = {
    "eventId", "artifactId", "eventTime", "type", "side", "amount", "currency"
  };

  @Property(tries = 1000)
  void open_shouldAccountForEveryLine_andNeverThrow_whenTheFileIsArbitrary(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 60) int lineCount, @ForAll boolean gzip) {
    // GIVEN an arbitrary file
    Random r = new Random(seed);
    byte[] plain = file(r, lineCount);
    InMemoryObjectStore store = new InMemoryObjectStore();
    String key = gzip ? "input/f.jsonl.gz" : "input/f.jsonl";
    store.put(key, gzip ? TestLines.gzip(plain) : plain);

    // WHEN the reducer reads and validates it
    List<ReducerRow> rows = read(store, key, 1 << 20);
    List<ReducerRow> events = rows.stream().filter(x -> x.kind() == ReducerRow.Kind.EVENT).toList();
    List<ReducerRow> quarantined =
        rows.stream().filter(x -> x.kind() == ReducerRow.Kind.QUARANTINE).toList();
    // THEN every line of the file is one row, and ends accepted, duplicate or quarantined
    long lines = expectedLines(plain);
    ReducerRow stats = rows.get(rows.size() - 1);
    assertThat(stats.kind()).isEqualTo(ReducerRow.Kind.READ_STATS);
    assertThat(stats.readable()).isTrue();
    assertThat(stats.count()).isEqualTo(lines);
    assertThat(rows).hasSize((int) lines + 1);
    // (duplicates are decided later, by DuplicateStep and the stateful merge: here each line is one
    // row)
    assertThat(events.size() + quarantined.size()).isEqualTo(lines);
    List<QuarantineRecord> records =
        quarantined.stream().map(q -> CanonicalJson.decodeQuarantine(q.payload())).toList();
    assertThat(records)
        .allSatisfy(
            q -> {
              assertThat(q.lineNumber()).isBetween(1L, lines);
              assertThat(q.reason()).isNotNull();
              assertThat(q.rawText().length()).isLessThanOrEqualTo(EventValidator.MAX_RAW_TEXT);
            });
    // over-long lines are quarantined as such, never held whole
    records.stream()
        .filter(q -> q.rawLength() > MAX_LINE)
        .forEach(
            q -> {
              assertThat(q.reason()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
              // the kept prefix: valid text, each invalid byte shown as 4 characters \xNN
              assertThat(q.rawText().getBytes(StandardCharsets.UTF_8).length)
                  .isLessThanOrEqualTo(4 * BoundedLineReader.KEPT_PREFIX_BYTES);
            });
    assertThat(events).allSatisfy(e -> assertThat(e.rawLength()).isLessThanOrEqualTo(MAX_LINE));
  }

  @Property(tries = 100)
  void open_shouldRejectTheWholeObject_whenGzipExpandsBeyondTheBoundOrIsCorrupt(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 64) int boundKiB,
      @ForAll boolean truncate) {
    // GIVEN a gzip object that expands beyond the bound, or a truncated gzip stream
    Random r = new Random(seed);
    long bound = boundKiB * 1024L;
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    String line = validEvent(r, "e" + r.nextInt(5), "k" + r.nextInt(5)) + "\n";
    while (plain.size() <= (truncate ? bound / 2 : bound)) {
      plain.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }
    byte[] gz = TestLines.gzip(plain.toByteArray());
    if (truncate) {
      gz = Arrays.copyOf(gz, 1 + r.nextInt(gz.length - 9)); // always loses the trailer
    }
    InMemoryObjectStore store = new InMemoryObjectStore();
    store.put("input/bomb.jsonl.gz", gz);

    // WHEN it is read
    List<ReducerRow> rows = read(store, "input/bomb.jsonl.gz", bound);

    // THEN exactly one object-level quarantine record, with a reason, and no event
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.QUARANTINE, ReducerRow.Kind.READ_STATS);
    assertThat(rows.get(0).lineNumber()).isZero();
    assertThat(rows.get(0).reason()).isEqualTo(QuarantineReason.MALFORMED_JSON.name());
    assertThat(rows.get(1).readable()).isFalse();
    assertThat(rows.get(1).count()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ hostile text: bytes and
  // Unicode

  /** What a piece of an id is, by construction (the oracle never asks recon). */
  private enum PieceKind {
    OK,
    INVALID_UTF8,
    SPACE,
    NOT_NFC,
    FORMAT
  }

  private record Piece(PieceKind kind, byte[] bytes) {}

  private static Piece ok(String s) {
    return new Piece(PieceKind.OK, s.getBytes(StandardCharsets.UTF_8));
  }

  private static Piece piece(PieceKind kind, String s) {
    return new Piece(kind, s.getBytes(StandardCharsets.UTF_8));
  }

  private static Piece raw(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new Piece(PieceKind.INVALID_UTF8, b);
  }

  private static final Piece[] PIECES = {
    ok("a"),
    ok("Z9"),
    ok("-"),
    ok("k"),
    ok("\u00e9"),
    ok("\u00f1"),
    ok("\u6771"),
    ok("\ud83d\ude00"),
    ok("\ufffd"),
    ok("x y"),
    ok("\u00c5"),
    raw(0x80),
    raw(0xBF),
    raw(0xE9),
    raw(0xE8),
    raw(0xFF),
    raw(0xFE),
    raw(0xC3), // lone continuation / lead bytes
    raw(0xC0, 0xAF),
    raw(0xC1, 0xBF),
    raw(0xE0, 0x80, 0xAF),
    raw(0xF0, 0x80, 0x80, 0xAF), // overlong encodings
    raw(0xED, 0xA0, 0x80),
    raw(0xED, 0xBF, 0xBF),
    raw(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), // encoded surrogates
    raw(0xE2, 0x82),
    raw(0xF0, 0x9F, 0x98),
    raw(0xF4, 0x90, 0x80, 0x80), // truncated, beyond U+10FFFF
    piece(PieceKind.SPACE, "\u00a0"),
    piece(PieceKind.SPACE, "\u202f"),
    piece(PieceKind.SPACE, "\u3000"),
    piece(PieceKind.SPACE, "\u2007"),
    piece(PieceKind.SPACE, "\u2028"),
    piece(PieceKind.SPACE, "\u1680"),
    piece(PieceKind.NOT_NFC, "e\u0301"),
    piece(PieceKind.NOT_NFC, "A\u030a"),
    piece(PieceKind.NOT_NFC, "\u212b"),
    piece(PieceKind.NOT_NFC, "\u0041\u0328\u0301"),
    piece(PieceKind.FORMAT, "\ufeff"),
    piece(PieceKind.FORMAT, "\u200b"),
  };

  private record HostileLine(
      byte[] bytes, byte[] eventId, byte[] artifactId, QuarantineReason expected) {}

  @Property(tries = 500)
  void open_shouldNeverRewriteAnId_andKeepDistinctBytesDistinct_whenIdsAreHostileText(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int lineCount,
      @ForAll boolean gzip,
      @ForAll boolean leadingBom) {
    // GIVEN lines whose ids are built from pieces of known kind: invalid UTF-8, Unicode spaces,
    // non-NFC spellings, format characters, and ordinary (also non-ASCII) text; maybe a BOM first
    Random r = new Random(seed);
    List<HostileLine> model = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (leadingBom) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (int i = 0; i < lineCount; i++) {
      HostileLine l = hostileLine(r, i == 0 && !leadingBom);
      model.add(l);
      out.writeBytes(l.bytes());
      out.write('\n');
    }
    byte[] plain = out.toByteArray();
    InMemoryObjectStore store = new InMemoryObjectStore();
    String key = gzip ? "input/h.jsonl.gz" : "input/h.jsonl";
    store.put(key, gzip ? TestLines.gzip(plain) : plain);

    // WHEN the reducer reads it
    List<ReducerRow> rows = read(store, key, 1 << 20);

    // THEN each line ends as the oracle, computed from the bytes alone, says
    assertThat(rows).hasSize(lineCount + 1);
    assertThat(rows.get(lineCount).count()).isEqualTo(lineCount);
    Map<String, java.util.Set<String>> bytesOfArtifact = new LinkedHashMap<>();
    Map<String, java.util.Set<String>> bytesOfEvent = new LinkedHashMap<>();
    long quarantined = 0;
    for (int i = 0; i < lineCount; i++) {
      HostileLine l = model.get(i);
      ReducerRow row = rows.get(i);
      assertThat(row.lineNumber()).isEqualTo(i + 1);
      if (l.expected() == null) {
        assertThat(row.kind())
            .as("line %d must be accepted: %s", i + 1, hex(l.bytes()))
            .isEqualTo(ReducerRow.Kind.EVENT);
        Event e = row.decodeEvent();
        // an accepted id re-encodes to exactly the bytes it had in the line: nothing was rewritten
        assertThat(e.eventId().getBytes(StandardCharsets.UTF_8)).isEqualTo(l.eventId());
        assertThat(e.artifactId().getBytes(StandardCharsets.UTF_8)).isEqualTo(l.artifactId());
        bytesOfArtifact
            .computeIfAbsent(e.artifactId(), k -> new java.util.TreeSet<>())
            .add(hex(l.artifactId()));
        bytesOfEvent
            .computeIfAbsent(e.eventId(), k -> new java.util.TreeSet<>())
            .add(hex(l.eventId()));
      } else {
        assertThat(row.kind())
            .as("line %d: %s", i + 1, hex(l.bytes()))
            .isEqualTo(ReducerRow.Kind.QUARANTINE);
        assertThat(row.reason())
            .as("line %d: %s", i + 1, hex(l.bytes()))
            .isEqualTo(l.expected().name());
        QuarantineRecord q = CanonicalJson.decodeQuarantine(row.payload());
        if (l.expected() == QuarantineReason.MALFORMED_UTF8) {
          // the bad bytes are visible as \xNN, never replaced by U+FFFD
          assertThat(q.rawText()).contains("\\x");
          assertThat(countFffd(q.rawText()))
              .isEqualTo(
                  countFffd(
                      new String(l.bytes(), StandardCharsets.ISO_8859_1)
                          .replace("\u00ef\u00bf\u00bd", "\ufffd")));
        }
        quarantined++;
      }
    }
    // AND no two distinct byte strings ever share an artifact or an event
    assertThat(bytesOfArtifact.values()).allSatisfy(b -> assertThat(b).hasSize(1));
    assertThat(bytesOfEvent.values()).allSatisfy(b -> assertThat(b).hasSize(1));
    // AND the counts add up: every line is one accepted event or one quarantine record (which copy
    // of
    // an event wins is decided later, by DuplicateStep and the stateful merge)
    long events = rows.stream().filter(x -> x.kind() == ReducerRow.Kind.EVENT).count();
    assertThat(events + quarantined).isEqualTo(lineCount);
  }

  /** {@code atObjectStart}: the line's first bytes are the object's (a BOM there is skipped). */
  private static HostileLine hostileLine(Random r, boolean atObjectStart) {
    byte[][] ids = new byte[2][];
    java.util.EnumSet<PieceKind> kinds = java.util.EnumSet.noneOf(PieceKind.class);
    for (int which = 0; which < 2; which++) {
      ByteArrayOutputStream id = new ByteArrayOutputStream();
      id.writeBytes((which == 0 ? "u" : "k").getBytes(StandardCharsets.UTF_8));
      int n = r.nextInt(4);
      for (int p = 0; p < n; p++) {
        // mostly ordinary pieces, so that equal-looking ids of different bytes meet in one file
        Piece piece = r.nextInt(3) == 0 ? PIECES[r.nextInt(PIECES.length)] : PIECES[r.nextInt(11)];
        kinds.add(piece.kind());
        id.writeBytes(piece.bytes());
        if (piece.kind() == PieceKind.INVALID_UTF8) {
          id.write('-'); // so that two bad pieces never join into a valid sequence
        }
      }
      ids[which] = id.toByteArray();
    }
    boolean midFileBom = r.nextInt(25) == 0;
    String template =
        TestLines.event(
            "\u0001E",
            "\u0001A",
            "2026-11-01T10:00:00Z",
            "DEBIT",
            (1 + r.nextInt(3)) + ".00",
            "USD");
    byte[] t = template.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    if (midFileBom) {
      line.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (int i = 0; i < t.length; i++) {
      if (t[i] == 1) {
        line.writeBytes(t[i + 1] == 'E' ? ids[0] : ids[1]);
        i++;
      } else {
        line.write(t[i]);
      }
    }
    byte[] bytes = line.toByteArray();
    QuarantineReason expected;
    if (!validUtf8(bytes)) {
      expected = QuarantineReason.MALFORMED_UTF8;
    } else if (midFileBom && !atObjectStart) {
      expected = QuarantineReason.MALFORMED_JSON; // a BOM that does not start the object is data
    } else if (kinds.contains(PieceKind.SPACE)
        || kinds.contains(PieceKind.NOT_NFC)
        || kinds.contains(PieceKind.FORMAT)) {
      expected = QuarantineReason.BAD_ID;
    } else {
      expected = null;
    }
    if (kinds.contains(PieceKind.INVALID_UTF8)) {
      assertThat(expected)
          .as("an invalid piece keeps the line invalid")
          .isEqualTo(QuarantineReason.MALFORMED_UTF8);
    }
    return new HostileLine(bytes, ids[0], ids[1], expected);
  }

  /** UTF-8 as RFC 3629 defines it, by hand: shortest form, no surrogates, at most U+10FFFF. */
  private static boolean validUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int cp;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
      } else {
        return false;
      }
      for (int k = 1; k <= need; k++) {
        if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (b[i + k] & 0x3F);
      }
      if ((need == 2 && cp < 0x800)
          || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))
          || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }

  private static long countFffd(String s) {
    return s.chars().filter(c -> c == 0xFFFD).count();
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  private static List<ReducerRow> read(InMemoryObjectStore store, String key, long maxBytes) {
    Iterator<ReducerRow> it =
        InputObjectReader.open(store, key, maxBytes, RULES, new EventValidator(RULES));
    List<ReducerRow> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /**
   * Lines as {@link BoundedLineReader} defines them: the newline ending the file starts no line.
   */
  private static long expectedLines(byte[] bytes) {
    long n = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? n + 1 : n;
  }

  private static byte[] file(Random r, int lineCount) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> earlier = new ArrayList<>();
    for (int i = 0; i < lineCount; i++) {
      String line =
          switch (r.nextInt(9)) {
            case 0 -> null; // random bytes
            case 1 -> "";
            case 2 ->
                "x".repeat(MAX_LINE - 20 + r.nextInt(3 * MAX_LINE)); // around and beyond the bound
            case 3 ->
                earlier.isEmpty() ? "" : earlier.get(r.nextInt(earlier.size())); // exact re-send
            case 4 ->
                validEvent(
                    r, "e" + r.nextInt(8), "k" + r.nextInt(4)); // may conflict with an earlier copy
            case 5 -> mutate(r, validEvent(r, "e" + r.nextInt(8), "k" + r.nextInt(4)));
            case 6 -> fragments(r);
            default -> validEvent(r, "u" + i + "-" + r.nextInt(1000), "k" + r.nextInt(4));
          };
      if (line == null) {
        byte[] noise = new byte[r.nextInt(2 * MAX_LINE)];
        r.nextBytes(noise);
        out.writeBytes(noise);
      } else {
        earlier.add(line);
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      }
      if (i < lineCount - 1 || r.nextBoolean()) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  private static String validEvent(Random r, String eventId, String artifactId) {
    String[] sides = {"DEBIT", "CREDIT"};
    String[] currencies = {"USD", "EUR", "JPY", "BHD"};
    return TestLines.event(
        eventId,
        artifactId,
        "2026-11-0" + (1 + r.nextInt(9)) + "T1" + r.nextInt(10) + ":00:00Z",
        sides[r.nextInt(2)],
        (r.nextInt(100000) / 100.0) + "",
        currencies[r.nextInt(currencies.length)]);
  }

  private static String mutate(Random r, String json) {
    StringBuilder b = new StringBuilder(json);
    switch (r.nextInt(6)) {
      case 0 -> b.setLength(r.nextInt(b.length())); // truncated
      case 1 -> b.insert(r.nextInt(b.length()), FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
      case 2 -> b.setCharAt(r.nextInt(b.length()), (char) r.nextInt(0x3000));
      case 3 -> {
        String f = "\"" + FIELDS[r.nextInt(FIELDS.length)] + "\"";
        int at = b.indexOf(f);
        if (at >= 0) {
          b.replace(
              at,
              at + f.length(),
              "\"" + FIELDS[r.nextInt(FIELDS.length)] + "\""); // missing or duplicate key
        }
      }
      case 4 -> b.insert(1, "\"extra\":" + FRAGMENTS[r.nextInt(FRAGMENTS.length)] + ",");
      default ->
          b.replace(
              b.indexOf("\"amount\""), b.indexOf("\"amount\"") + 8, "\"amount\":\"1e400\",\"x\"");
    }
    return b.toString();
  }

  private static String fragments(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(20);
    for (int i = 0; i < n; i++) {
      b.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
    }
    return b.toString();
  }
}
