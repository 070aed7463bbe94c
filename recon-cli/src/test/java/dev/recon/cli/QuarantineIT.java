package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantine end to end on the embedded stack: a cycle with bad lines of many reasons, listed,
 * exported, fixed in part, redriven, run again; redriven twice; a still-bad line quarantined again.
 * Expected reasons, raw bytes and balances come from the test's own lines, not from the code under
 * test. One stack for the whole story.
 */
class QuarantineIT {
  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String T = "2026-11-20T10:15:00Z";

  /** An event line (no newline). */
  private static String ev(String id, String key, String side, String amount, String currency) {
    return "{\"eventId\":\""
        + id
        + "\",\"artifactId\":\""
        + key
        + "\",\"eventTime\":\""
        + T
        + "\",\"type\":\"X\",\"side\":\""
        + side
        + "\",\"amount\":\""
        + amount
        + "\",\"currency\":\""
        + currency
        + "\"}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Captured recon(String... args) {
    return Captured.recon(args);
  }

  /** The lines of {@code quarantine list --json}, parsed. */
  private static List<JsonNode> listJson(String home, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("quarantine", "list", "--home", home, "--json"));
    args.addAll(List.of(more));
    Captured c = recon(args.toArray(String[]::new));
    assertThat(c.exit()).as(c.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : c.out().split("\n")) {
      if (!line.isEmpty()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static BigDecimal balance(String home, String id) throws Exception {
    Captured c = recon("get", "--home", home, "--json", id);
    assertThat(c.exit()).as(id + ": " + c.err()).isZero();
    return new BigDecimal(JSON.readTree(c.out()).get("balances").get("EUR").asText());
  }

  private static void assertCountsAddUp(LedgerRecord s) {
    assertThat(s.count(LedgerNames.READ))
        .as("read = accepted + duplicates + quarantined in stateless batch " + s.id())
        .isEqualTo(
            s.count(LedgerNames.ACCEPTED)
                + s.count(LedgerNames.DUPLICATES)
                + s.count(LedgerNames.QUARANTINED));
  }

  @Test
  void quarantine_shouldListExportRedriveAndApplyOnce_endToEnd() throws Exception {
    String home = kept.home(tmp.resolve("home"));
    BatchLedger ledger = LocalSession.KEPT.get(Path.of(home)).clients().batchLedger();

    // GIVEN one input with good lines, an exact re-sent copy, and bad lines of nine reasons
    String tooLong =
        ev("e9", "inv-6", "DEBIT", "4.00", "EUR")
            .replace("}", ",\"reference\":\"" + "x".repeat(70_000) + "\"}");
    byte[] notUtf8 =
        ev("e8", "inv-5", "DEBIT", "3.00", "EUR")
            .replace("inv-5", "inv-5\u0000")
            .getBytes(StandardCharsets.ISO_8859_1);
    // the NUL placeholder becomes a lone 0xE9 byte: not UTF-8
    notUtf8[indexOf(notUtf8, (byte) 0)] = (byte) 0xE9;
    Map<Integer, String> reasonOfLine = new LinkedHashMap<>();
    List<byte[]> lines = new ArrayList<>();
    lines.add(utf8(ev("e1", "inv-1", "DEBIT", "100.00", "EUR")));
    lines.add(utf8(ev("e2", "inv-1", "CREDIT", "30.00", "EUR")));
    lines.add(utf8(ev("e3", "inv-2", "DEBIT", "-5.00", "EUR")));
    reasonOfLine.put(3, "BAD_AMOUNT");
    lines.add(utf8("{\"eventId\":\"e4\",\"artifactId\":\"inv-3\"\u001b[31m\u0007 oops"));
    reasonOfLine.put(4, "MALFORMED_JSON");
    lines.add(utf8(ev("e5", "inv-2", "DEBIT", "7.00", "EURO")));
    reasonOfLine.put(5, "BAD_CURRENCY");
    lines.add(
        utf8(ev("e6", "inv-2", "DEBIT", "6.00", "EUR").replace("\"artifactId\":\"inv-2\",", "")));
    reasonOfLine.put(6, "MISSING_FIELD");
    lines.add(utf8(ev("e7", "inv-4", "DEBIT", "2.50", "EUR").replace(T, "yesterday")));
    reasonOfLine.put(7, "BAD_TIMESTAMP");
    lines.add(notUtf8);
    reasonOfLine.put(8, "MALFORMED_UTF8");
    lines.add(utf8(tooLong));
    reasonOfLine.put(9, "LINE_TOO_LONG");
    lines.add(utf8(ev("e10", "inv-2", "DEBIT", "1.00", "EUR")));
    lines.add(utf8(ev("e1", "inv-1", "DEBIT", "100.00", "EUR")));
    lines.add(utf8(ev("e12\\u0007", "inv-7", "DEBIT", "1.00", "EUR")));
    reasonOfLine.put(12, "BAD_ID");
    lines.add(utf8(ev("e13", "inv-7", "SIDEWAYS", "1.00", "EUR")));
    reasonOfLine.put(13, "BAD_FIELD");
    Path input = tmp.resolve("day.jsonl");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      all.write(l);
      all.write('\n');
    }
    Files.write(input, all.toByteArray());
    assertThat(
            recon(
                    "ingest",
                    "--home",
                    home,
                    "--window-start=2026-11-20T10:00:00Z",
                    "--window-end=2026-11-20T11:00:00Z",
                    input.toString())
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    LedgerRecord s1 = ledger.get(BatchKind.STATELESS, Layout.seq(1)).orElseThrow();
    assertThat(s1.status()).isEqualTo(BatchStatus.SUCCESS);
    assertThat(s1.count(LedgerNames.READ)).isEqualTo(13);
    assertThat(s1.count(LedgerNames.QUARANTINED)).isEqualTo(9);
    assertThat(s1.count(LedgerNames.DUPLICATES)).isEqualTo(1);
    assertCountsAddUp(s1);

    // WHEN listed: each bad line with its reason and its raw text, in line order
    List<JsonNode> listed = listJson(home, "--batch", "1");
    assertThat(listed)
        .extracting(j -> j.get("line").asInt())
        .containsExactlyElementsOf(reasonOfLine.keySet());
    assertThat(listed)
        .extracting(j -> j.get("reason").asText())
        .containsExactlyElementsOf(reasonOfLine.values());
    for (JsonNode j : listed) {
      byte[] original = lines.get(j.get("line").asInt() - 1);
      assertThat(j.get("rawLength").asLong()).isEqualTo(original.length);
      if (!List.of("MALFORMED_UTF8", "LINE_TOO_LONG").contains(j.get("reason").asText())) {
        assertThat(j.get("raw").asText()).isEqualTo(new String(original, StandardCharsets.UTF_8));
      }
      assertThat(j.get("inputObject").asText()).startsWith("input/2026/11/20/10/day-");
    }
    assertThat(listJson(home, "--reason", "BAD_AMOUNT"))
        .extracting(j -> j.get("line").asInt())
        .containsExactly(3);
    // the text form shows control characters escaped and never writes ESC or BEL to the terminal
    Captured text = recon("quarantine", "list", "--home", home);
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .contains("\\u001b[31m\\u0007 oops")
        .contains("MALFORMED_UTF8")
        .contains("9 quarantined line(s)")
        .doesNotContain("\u001b")
        .doesNotContain("\u0007");

    // AND exported: exactly the raw bytes of the bad lines, in listing order
    Path export = tmp.resolve("fix.jsonl");
    Captured exported =
        recon("quarantine", "export", "--home", home, "--batch", "1", "--out", export.toString());
    assertThat(exported.exit()).as(exported.err()).isZero();
    ByteArrayOutputStream expectedExport = new ByteArrayOutputStream();
    for (int line : reasonOfLine.keySet()) {
      expectedExport.write(lines.get(line - 1));
      expectedExport.write('\n');
    }
    assertThat(Files.readAllBytes(export)).isEqualTo(expectedExport.toByteArray());

    // AND a file with a line too many is refused, nothing landed
    Path extra = tmp.resolve("extra.jsonl");
    Files.write(extra, concat(Files.readAllBytes(export), utf8("{}\n")));
    Captured refused =
        recon("quarantine", "redrive", "--home", home, extra.toString(), "--of", "1");
    assertThat(refused.exit()).isEqualTo(Exit.USAGE);
    assertThat(refused.err()).contains("has 10 line(s) but stateless batch 1 quarantined 9");
    assertThat(ledger.list(BatchKind.INPUT)).hasSize(1);

    // WHEN fixed in part — positions 1, 3, 5, 7 fixed, 4 (MISSING_FIELD) kept as it was (still
    // bad), 2, 6, 8, 9 blanked — redriven and run
    List<String> fixed =
        List.of(
            ev("e3", "inv-2", "DEBIT", "5.00", "EUR"),
            "",
            ev("e5", "inv-2", "DEBIT", "7.00", "EUR"),
            new String(lines.get(5), StandardCharsets.UTF_8),
            ev("e7", "inv-4", "DEBIT", "2.50", "EUR"),
            "   ",
            ev("e9", "inv-6", "DEBIT", "4.00", "EUR"),
            "",
            "");
    Path fix = tmp.resolve("fixed.jsonl");
    Files.writeString(fix, String.join("\n", fixed) + "\n");
    String[] redrive = {
      "quarantine",
      "redrive",
      "--home",
      home,
      fix.toString(),
      "--of",
      "1",
      "--window-start=2026-11-21T10:00:00Z",
      "--window-end=2026-11-21T11:00:00Z"
    };
    Captured r1 = recon(redrive);
    assertThat(r1.exit()).as(r1.err()).isZero();
    assertThat(r1.out()).contains("5 line(s) landed, 4 blank left out, 1 unchanged");
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the redrive is its own batch: 5 read, 4 accepted, the still-bad line quarantined again
    LedgerRecord s2 = ledger.get(BatchKind.STATELESS, Layout.seq(2)).orElseThrow();
    assertThat(s2.status()).isEqualTo(BatchStatus.SUCCESS);
    assertThat(s2.count(LedgerNames.READ)).isEqualTo(5);
    assertThat(s2.count(LedgerNames.ACCEPTED)).isEqualTo(4);
    assertThat(s2.count(LedgerNames.QUARANTINED)).isEqualTo(1);
    assertCountsAddUp(s2);
    String redriveKey = s2.attribute(LedgerNames.INPUTS);
    assertThat(redriveKey).startsWith("input/2026/11/21/10/redrive-1-");
    List<JsonNode> again = listJson(home, "--batch", "2");
    assertThat(again).hasSize(1);
    assertThat(again.get(0).get("reason").asText()).isEqualTo("MISSING_FIELD");
    assertThat(again.get(0).get("inputObject").asText()).isEqualTo(redriveKey);
    assertThat(again.get(0).get("line").asInt()).isEqualTo(3);
    assertThat(again.get(0).get("redriveOf").get("batch").asInt()).isEqualTo(1);
    assertThat(again.get(0).get("redriveOf").get("position").asInt()).isEqualTo(4);
    // AND the original records stay, marked with the redrive line that replaces each
    Map<Integer, String> redrivenBy = new TreeMap<>();
    for (JsonNode j : listJson(home, "--batch", "1")) {
      for (JsonNode by : j.get("redrivenBy")) {
        redrivenBy.put(
            j.get("position").asInt(), by.get("input").asText() + ":" + by.get("line").asInt());
      }
    }
    assertThat(redrivenBy)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    1, redriveKey + ":1",
                    3, redriveKey + ":2",
                    4, redriveKey + ":3",
                    5, redriveKey + ":4",
                    7, redriveKey + ":5")));
    assertThat(
            ledger
                .get(BatchKind.STATELESS, Layout.seq(1))
                .orElseThrow()
                .attribute(LedgerNames.REDRIVEN_BY))
        .isEqualTo(redriveKey);

    // WHEN the same file is redriven again (the same fix: nothing new) and a second fix redrives
    // e3 again together with the MALFORMED_JSON line now fixed
    Captured same = recon(redrive);
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(same.out()).contains("already redriven");
    List<String> second = new ArrayList<>(Arrays.asList(new String[9]));
    java.util.Collections.fill(second, "");
    second.set(0, ev("e3", "inv-2", "DEBIT", "5.00", "EUR"));
    second.set(1, ev("e4", "inv-3", "DEBIT", "2.00", "EUR"));
    // and, in place of the already redriven e5, a different content under the applied eventId e2
    second.set(2, ev("e2", "inv-1", "CREDIT", "31.00", "EUR"));
    Path fix2 = tmp.resolve("fixed-again.jsonl");
    Files.writeString(fix2, String.join("\n", second) + "\n");
    Captured r2 =
        recon(
            "quarantine",
            "redrive",
            "--home",
            home,
            fix2.toString(),
            "--of",
            "1",
            "--window-start=2026-11-21T11:00:00Z",
            "--window-end=2026-11-21T12:00:00Z");
    assertThat(r2.exit()).as(r2.err()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN e3, redriven twice, is applied once: the balances equal an independent sum of the
    // distinct accepted events
    Map<String, BigDecimal> expected = new TreeMap<>();
    String[][] accepted = {
      {"e1", "inv-1", "100.00"}, {"e2", "inv-1", "-30.00"}, {"e10", "inv-2", "1.00"},
      {"e3", "inv-2", "5.00"}, {"e5", "inv-2", "7.00"}, {"e7", "inv-4", "2.50"},
      {"e9", "inv-6", "4.00"}, {"e4", "inv-3", "2.00"}
    };
    for (String[] e : accepted) {
      expected.merge(e[1], new BigDecimal(e[2]), BigDecimal::add);
    }
    for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
      assertThat(balance(home, e.getKey())).as(e.getKey()).isEqualByComparingTo(e.getValue());
    }
    assertThat(recon("get", "--home", home, "inv-5").exit()).isEqualTo(Exit.NOT_FOUND);
    LedgerRecord s3 = ledger.get(BatchKind.STATELESS, Layout.seq(3)).orElseThrow();
    assertThat(s3.count(LedgerNames.READ)).isEqualTo(3);
    assertCountsAddUp(s3);
    assertThat(ledger.list(BatchKind.STATELESS)).hasSize(3);
    // the stateful batch that applied s3 counts e3 as a duplicate already in history
    LedgerRecord n =
        ledger.list(BatchKind.STATEFUL).stream()
            .filter(r -> "3".equals(r.attribute(LedgerNames.STATELESS_TO)))
            .findFirst()
            .orElseThrow();
    assertThat(n.count(CountNames.PROCESS_PREFIX + CountNames.DUPLICATES))
        .as(n.counts().toString())
        .isEqualTo(1);
    // AND across the original and the redrives every line is accounted for
    long read = 0;
    long balanced = 0;
    for (LedgerRecord s : ledger.list(BatchKind.STATELESS)) {
      read += s.count(LedgerNames.READ);
      balanced +=
          s.count(LedgerNames.ACCEPTED)
              + s.count(LedgerNames.DUPLICATES)
              + s.count(LedgerNames.QUARANTINED);
    }
    assertThat(read).isEqualTo(13 + 5 + 3).isEqualTo(balanced);
    // AND the conflicting e2 was quarantined by the stateful merge, listed under its redrive line
    List<JsonNode> conflicting = listJson(home, "--reason", "CONFLICTING_DUPLICATE");
    assertThat(conflicting).hasSize(1);
    assertThat(conflicting.get(0).get("kind").asText()).isEqualTo("STATEFUL");
    assertThat(conflicting.get(0).get("batch").asLong()).isEqualTo(n.sequence());
    assertThat(conflicting.get(0).get("inputObject").asText())
        .isEqualTo(s3.attribute(LedgerNames.INPUTS));
    assertThat(conflicting.get(0).get("line").asInt()).isEqualTo(3);
    assertThat(n.count(CountNames.PROCESS_PREFIX + CountNames.QUARANTINED)).isEqualTo(1);
    // AND batch 1 names both redrives, and position 1 is replaced by both
    assertThat(
            ledger
                .get(BatchKind.STATELESS, Layout.seq(1))
                .orElseThrow()
                .attribute(LedgerNames.REDRIVEN_BY)
                .split("\n"))
        .hasSize(2)
        .startsWith(redriveKey);
    assertThat(listJson(home, "--batch", "1").get(0).get("redrivenBy")).hasSize(2);
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("not found");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
