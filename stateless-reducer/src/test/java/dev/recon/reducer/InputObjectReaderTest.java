package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.testing.InMemoryObjectStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputObjectReaderTest {
  private static final RulesConfig RULES = RulesConfig.DEFAULTS;
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  private List<ReducerRow> read(String key, long maxBytes) {
    Iterator<ReducerRow> it =
        InputObjectReader.open(store, key, maxBytes, RULES, new EventValidator(RULES));
    List<ReducerRow> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void open_shouldYieldOneRowPerLineThenStats_whenObjectIsPlainJsonLines() {
    // GIVEN an object with two valid lines and one malformed line
    store.put(
        "input/a.jsonl",
        TestLines.jsonl(
            List.of(
                TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "10.00", "USD"),
                "{not json",
                TestLines.event("e2", "k1", "2026-11-01T10:05:00Z", "CREDIT", "4.5", "USD"))));

    // WHEN it is read
    List<ReducerRow> rows = read("input/a.jsonl", 1 << 20);

    // THEN lines keep their numbers, the bad one is quarantined, and stats close the object
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(
            ReducerRow.Kind.EVENT,
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.EVENT,
            ReducerRow.Kind.READ_STATS);
    assertThat(rows.get(0).lineNumber()).isEqualTo(1);
    assertThat(rows.get(1).lineNumber()).isEqualTo(2);
    assertThat(rows.get(1).reason()).isEqualTo("MALFORMED_JSON");
    assertThat(rows.get(2).decodeEvent().eventId()).isEqualTo("e2");
    assertThat(rows.get(3).count()).isEqualTo(3);
    assertThat(rows.get(3).readable()).isTrue();
  }

  @Test
  void open_shouldReadGzip_whenKeyEndsInGz() {
    // GIVEN a gzip object
    byte[] plain =
        TestLines.jsonl(
            List.of(TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1", "EUR")));
    store.put("input/a.jsonl.gz", TestLines.gzip(plain));

    // WHEN read
    List<ReducerRow> rows = read("input/a.jsonl.gz", 1 << 20);

    // THEN its line is an event
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.EVENT, ReducerRow.Kind.READ_STATS);
  }

  @Test
  void open_shouldQuarantineTheWholeObjectOnce_whenGzipIsCorrupt() {
    // GIVEN a gzip object whose body is damaged (the CRC check at the end fails or inflate fails)
    byte[] gz =
        TestLines.gzip(
            TestLines.jsonl(
                List.of(
                    TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1", "EUR"),
                    TestLines.event("e2", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1", "EUR"))));
    byte[] damaged = Arrays.copyOf(gz, gz.length);
    damaged[damaged.length - 6] ^= 0x55; // inside the CRC32 trailer
    store.put("input/bad.jsonl.gz", damaged);

    // WHEN read
    List<ReducerRow> rows = read("input/bad.jsonl.gz", 1 << 20);

    // THEN no line is accepted: one object-level quarantine record and stats counting it as one
    // line
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.QUARANTINE, ReducerRow.Kind.READ_STATS);
    QuarantineRecord q = CanonicalJson.decodeQuarantine(rows.get(0).payload());
    assertThat(q.lineNumber()).isZero();
    assertThat(q.reason()).isEqualTo(QuarantineReason.MALFORMED_JSON);
    assertThat(q.detail()).startsWith(InputObjectReader.UNREADABLE_PREFIX);
    assertThat(q.rawLength()).isEqualTo(damaged.length);
    assertThat(rows.get(1).count()).isEqualTo(1);
    assertThat(rows.get(1).readable()).isFalse();
  }

  @Test
  void open_shouldQuarantineTheWholeObject_whenGzipIsTruncatedOrNotGzip() {
    // GIVEN a truncated gzip object and one that is not gzip at all
    byte[] gz =
        TestLines.gzip(
            TestLines.jsonl(
                List.of(TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1", "EUR"))));
    store.put("input/cut.jsonl.gz", Arrays.copyOf(gz, gz.length / 2));
    store.put("input/text.jsonl.gz", "hello\n".getBytes());

    // WHEN read / THEN each is one unreadable-object record
    for (String key : List.of("input/cut.jsonl.gz", "input/text.jsonl.gz")) {
      List<ReducerRow> rows = read(key, 1 << 20);
      assertThat(rows)
          .extracting(ReducerRow::kind)
          .containsExactly(ReducerRow.Kind.QUARANTINE, ReducerRow.Kind.READ_STATS);
    }
  }

  @Test
  void open_shouldQuarantineTheWholeObject_whenGzipExpandsBeyondTheBound() {
    // GIVEN a small gzip object expanding to 4 MiB (a gzip bomb in miniature)
    byte[] big =
        TestLines.jsonl(
            java.util.Collections.nCopies(
                64 * 1024,
                TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1", "EUR")
                    .substring(0, 63)));
    store.put("input/bomb.jsonl.gz", TestLines.gzip(big));

    // WHEN read with a 1 MiB bound
    List<ReducerRow> rows = read("input/bomb.jsonl.gz", 1 << 20);

    // THEN none of its lines is read
    assertThat(rows).hasSize(2);
    assertThat(CanonicalJson.decodeQuarantine(rows.get(0).payload()).detail())
        .contains("expands beyond");
  }

  @Test
  void open_shouldQuarantineTheWholeObject_whenPlainObjectIsLargerThanTheBound() {
    // GIVEN a plain object of 2 KiB and a 1 KiB bound
    store.put("input/big.jsonl", new byte[2048]);

    // WHEN read / THEN it is one unreadable-object record
    List<ReducerRow> rows = read("input/big.jsonl", 1024);
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.QUARANTINE, ReducerRow.Kind.READ_STATS);
  }

  @Test
  void open_shouldFail_whenObjectIsMissing() {
    assertThatThrownBy(() -> read("input/none.jsonl", 1024))
        .isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void open_shouldCountZeroLines_whenObjectIsEmpty() {
    // GIVEN an empty object
    store.put("input/empty.jsonl", new byte[0]);

    // WHEN read / THEN only stats, with zero lines
    List<ReducerRow> rows = read("input/empty.jsonl", 1024);
    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(ReducerRow.Kind.READ_STATS);
              assertThat(r.count()).isZero();
            });
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void open_shouldQuarantineInvalidUtf8Lines_soThatNoTwoByteStringsShareAnIdOrAnEvent() {
    // GIVEN artifactIds lat-\xE9 and lat-\xE8, eventIds u-e\xFF and u-e\xFE (Latin-1 bytes), and
    // one good line
    String a =
        TestLines.event("e-a", "lat-\u00e9", "2026-11-01T10:00:00Z", "DEBIT", "10.00", "USD");
    String b = TestLines.event("e-b", "lat-\u00e8", "2026-11-01T10:00:00Z", "DEBIT", "7.00", "USD");
    String c = TestLines.event("u-e\u00ff", "k1", "2026-11-01T10:00:00Z", "DEBIT", "1.00", "USD");
    String d = TestLines.event("u-e\u00fe", "k1", "2026-11-01T10:00:00Z", "DEBIT", "2.00", "USD");
    String good =
        TestLines.event("e-ok", "lat-\u00e9", "2026-11-01T10:00:00Z", "DEBIT", "3.00", "USD");
    store.put(
        "input/u.jsonl",
        concat(
            (a + "\n" + b + "\n" + c + "\n" + d + "\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            (good + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    // WHEN read
    List<ReducerRow> rows = read("input/u.jsonl", 1 << 20);

    // THEN the four Latin-1 lines are quarantined as MALFORMED_UTF8 with their bytes visible, the
    // UTF-8 one accepted
    assertThat(rows)
        .extracting(ReducerRow::kind)
        .containsExactly(
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.EVENT,
            ReducerRow.Kind.READ_STATS);
    assertThat(rows.subList(0, 4)).extracting(ReducerRow::reason).containsOnly("MALFORMED_UTF8");
    QuarantineRecord q = CanonicalJson.decodeQuarantine(rows.get(0).payload());
    assertThat(q.rawText()).contains("\"lat-\\xE9\"").doesNotContain("\uFFFD");
    assertThat(rows.get(4).decodeEvent().artifactId()).isEqualTo("lat-\u00e9");
  }

  @Test
  void open_shouldStripAByteOrderMarkAtTheStartOfTheObject_plainAndGzip() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] plain =
        concat(
            bom,
            TestLines.jsonl(
                List.of(
                    TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "10.00", "USD"))));
    store.put("input/bom.jsonl", plain);
    store.put("input/bom.jsonl.gz", TestLines.gzip(plain));
    for (String key : List.of("input/bom.jsonl", "input/bom.jsonl.gz")) {
      assertThat(read(key, 1 << 20))
          .extracting(ReducerRow::kind)
          .as(key)
          .containsExactly(ReducerRow.Kind.EVENT, ReducerRow.Kind.READ_STATS);
    }
  }

  @Test
  void open_shouldQuarantineAFarFutureEvent_againstTheObjectsWindowEnd_fromMetadataOrKeyHour() {
    String now = TestLines.event("e1", "k1", "2026-11-22T07:30:00Z", "DEBIT", "10.00", "USD");
    String far = TestLines.event("e2", "k1", "9999-12-31T23:00:00Z", "DEBIT", "5.00", "USD");
    String nextDay = TestLines.event("e3", "k1", "2026-11-23T08:00:00Z", "DEBIT", "5.00", "USD");
    String tooFar = TestLines.event("e4", "k1", "2026-11-23T08:00:01Z", "DEBIT", "5.00", "USD");
    byte[] file = TestLines.jsonl(List.of(now, far, nextDay, tooFar));
    // GIVEN the window [07:00, 08:00) from the key's hour, and the same from metadata under another
    // hour
    store.put("input/2026/11/22/07/b.jsonl", file);
    store.put(
        "input/2026/11/01/00/c.jsonl",
        file,
        TestLines.window("2026-11-22T07:00:00Z", "2026-11-22T08:00:00Z"));
    for (String key : List.of("input/2026/11/22/07/b.jsonl", "input/2026/11/01/00/c.jsonl")) {
      List<ReducerRow> rows = read(key, 1 << 20);
      // THEN the event beyond window end + 24 h is BAD_TIMESTAMP; the one at exactly the bound is
      // accepted
      assertThat(rows)
          .extracting(ReducerRow::kind)
          .as(key)
          .containsExactly(
              ReducerRow.Kind.EVENT,
              ReducerRow.Kind.QUARANTINE,
              ReducerRow.Kind.EVENT,
              ReducerRow.Kind.QUARANTINE,
              ReducerRow.Kind.READ_STATS);
      assertThat(rows.get(1).reason()).isEqualTo("BAD_TIMESTAMP");
      assertThat(CanonicalJson.decodeQuarantine(rows.get(1).payload()).detail())
          .contains("window end");
      assertThat(rows.get(3).reason()).isEqualTo("BAD_TIMESTAMP");
    }
  }
}
