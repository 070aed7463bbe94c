package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A bounded fuzzing budget over the whole-file path of the reducer: {@link InputObjectReader} (the
 * {@link BoundedLineReader} and the core {@link EventValidator}). Files mix random bytes, valid events, mutated JSON, over-long lines,
 * empty lines, exact re-sends and conflicting copies, plain or gzip. Nothing may throw; every line
 * becomes exactly one event or quarantine row, and the counts add up to the lines in the file.
 */
class InputFuzzTest {
  private static final int MAX_LINE = 512;
  private static final RulesConfig RULES = RulesConfig.DEFAULTS.withMaxLineBytes(MAX_LINE);
  private static final String[] FRAGMENTS = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "null", "true", "1e999", "-0", "0.005", "\"eventId\"",
    "\"amount\"", "\"2026-11-01T10:00:00Z\"", "\"USD\"", "\"XXX\"", "\"DEBIT\"", "\"CREDIT\"", "\u00e9", "\ud83d\ude00",
    "\r", "\t", " ", "{\"a\":{\"b\":[1,2,{}]}}", "\"eventId\":\"e1\",\"eventId\":\"e2\""
  };
  private static final String[] FIELDS = {"eventId", "artifactId", "eventTime", "type", "side", "amount", "currency"};

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
    List<ReducerRow> quarantined = rows.stream().filter(x -> x.kind() == ReducerRow.Kind.QUARANTINE).toList();
    // THEN every line of the file is one row, and ends accepted, duplicate or quarantined
    long lines = expectedLines(plain);
    ReducerRow stats = rows.get(rows.size() - 1);
    assertThat(stats.kind()).isEqualTo(ReducerRow.Kind.READ_STATS);
    assertThat(stats.readable()).isTrue();
    assertThat(stats.count()).isEqualTo(lines);
    assertThat(rows).hasSize((int) lines + 1);
    // (duplicates are decided later, by DuplicateStep and the stateful merge: here each line is one row)
    assertThat(events.size() + quarantined.size()).isEqualTo(lines);
    List<QuarantineRecord> records = quarantined.stream().map(q -> CanonicalJson.decodeQuarantine(q.payload())).toList();
    assertThat(records).allSatisfy(q -> {
      assertThat(q.lineNumber()).isBetween(1L, lines);
      assertThat(q.reason()).isNotNull();
      assertThat(q.rawText().length()).isLessThanOrEqualTo(EventValidator.MAX_RAW_TEXT);
    });
    // over-long lines are quarantined as such, never held whole
    records.stream().filter(q -> q.rawLength() > MAX_LINE).forEach(q -> {
      assertThat(q.reason()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
      assertThat(q.rawText().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(BoundedLineReader.KEPT_PREFIX_BYTES + 3);
    });
    assertThat(events).allSatisfy(e -> assertThat(e.rawLength()).isLessThanOrEqualTo(MAX_LINE));
  }

  @Property(tries = 100)
  void open_shouldRejectTheWholeObject_whenGzipExpandsBeyondTheBoundOrIsCorrupt(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int boundKiB, @ForAll boolean truncate) {
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
    assertThat(rows).extracting(ReducerRow::kind).containsExactly(ReducerRow.Kind.QUARANTINE, ReducerRow.Kind.READ_STATS);
    assertThat(rows.get(0).lineNumber()).isZero();
    assertThat(rows.get(0).reason()).isEqualTo(QuarantineReason.MALFORMED_JSON.name());
    assertThat(rows.get(1).readable()).isFalse();
    assertThat(rows.get(1).count()).isEqualTo(1);
  }

  private static List<ReducerRow> read(InMemoryObjectStore store, String key, long maxBytes) {
    Iterator<ReducerRow> it = InputObjectReader.open(store, key, maxBytes, RULES, new EventValidator(RULES));
    List<ReducerRow> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** Lines as {@link BoundedLineReader} defines them: the newline ending the file starts no line. */
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
      String line = switch (r.nextInt(9)) {
        case 0 -> null; // random bytes
        case 1 -> "";
        case 2 -> "x".repeat(MAX_LINE - 20 + r.nextInt(3 * MAX_LINE)); // around and beyond the bound
        case 3 -> earlier.isEmpty() ? "" : earlier.get(r.nextInt(earlier.size())); // exact re-send
        case 4 -> validEvent(r, "e" + r.nextInt(8), "k" + r.nextInt(4)); // may conflict with an earlier copy
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
    return TestLines.event(eventId, artifactId, "2026-11-0" + (1 + r.nextInt(9)) + "T1" + r.nextInt(10) + ":00:00Z",
        sides[r.nextInt(2)], (r.nextInt(100000) / 100.0) + "", currencies[r.nextInt(currencies.length)]);
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
          b.replace(at, at + f.length(), "\"" + FIELDS[r.nextInt(FIELDS.length)] + "\""); // missing or duplicate key
        }
      }
      case 4 -> b.insert(1, "\"extra\":" + FRAGMENTS[r.nextInt(FRAGMENTS.length)] + ",");
      default -> b.replace(b.indexOf("\"amount\""), b.indexOf("\"amount\"") + 8, "\"amount\":\"1e400\",\"x\"");
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
