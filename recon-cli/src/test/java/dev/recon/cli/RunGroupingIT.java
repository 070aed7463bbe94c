package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.ObjectInfo;
import dev.recon.tools.olist.OlistConverter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 end to end, on the Olist sample and the real command line: six input files with re-sent
 * payments — a conflicting copy in file 6 of a payment first seen in file 3 (the reported case), in
 * file 4 a conflicting copy followed by an identical one of an event of file 1, and two conflicting
 * copies of one event inside file 5 — ingested and run once as three cycles (1+2, 3+4, 5+6) and
 * once all at once. The exports, apart from what names the run (version, line batch, asOf, status,
 * previous), and the quarantined lines are identical, and equal an independent computation: the
 * first copy of an event in input order wins.
 */
class RunGroupingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();
  static List<Path> files;
  static List<OlistConverter.InputBatchFile> batches;

  /** Every line of the six files, in input order, as (file index, line number, event JSON). */
  static List<Object[]> allLines;

  static String conflictingPayment;
  static String conflictingOrder;

  @BeforeAll
  static void inputs() throws IOException {
    var dir = OlistConverter.locate(Path.of("").toAbsolutePath());
    Assumptions.assumeTrue(
        dir.isPresent(),
        "Olist dataset not found (looked for ../shared/datasets/olist from "
            + Path.of("").toAbsolutePath()
            + " and its parents): skipping RunGroupingIT");
    OlistConverter.Conversion c = OlistConverter.convert(dir.get(), OlistConverter.ZONE_DEFAULT);
    // a slice keeps the test quick: the orders with a timed payment (most payments have no time in
    // the sample and are quarantined), and a few more
    Set<String> orders = new TreeSet<>();
    for (OlistConverter.InputLine l : c.lines()) {
      if (l.eventTime() != null
          && (l.json().contains("\"PAYMENT\"") || l.orderId().startsWith("00"))) {
        orders.add(l.orderId());
      }
    }
    List<OlistConverter.InputLine> slice =
        c.lines().stream()
            .filter(l -> l.eventTime() != null && orders.contains(l.orderId()))
            .toList();
    batches = OlistConverter.toBatches(slice, 6, "olist");
    assertThat(batches).hasSize(6);
    List<List<String>> lines = new ArrayList<>();
    for (OlistConverter.InputBatchFile b : batches) {
      lines.add(new ArrayList<>(new String(plain(b), StandardCharsets.UTF_8).lines().toList()));
    }
    // file 6 re-sends a payment of file 3 with another amount (the reported case)
    String payment =
        lines.get(2).stream().filter(l -> l.contains("\"PAYMENT\"")).findFirst().orElseThrow();
    conflictingPayment = JSON.readTree(payment).get("eventId").asText();
    conflictingOrder = JSON.readTree(payment).get("artifactId").asText();
    lines.get(5).add(withAmountPlus(payment, "1000"));
    // file 4: a conflicting copy, then an identical copy, of an event of file 1 ([B, A'] after A)
    String first = lines.get(0).get(3);
    lines.get(3).add(withAmountPlus(first, "5"));
    lines.get(3).add(first);
    // file 5: two conflicting copies of one event inside one object: the first wins
    String fresh = lines.get(4).get(0);
    lines.get(4).add(withAmountPlus(fresh, "7"));
    // file 2: an identical re-send of a file-1 event
    lines.get(1).add(lines.get(0).get(5));

    files = new ArrayList<>();
    allLines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      boolean gzip = batches.get(i).key().endsWith(".gz");
      byte[] text = (String.join("\n", lines.get(i)) + "\n").getBytes(StandardCharsets.UTF_8);
      Path f = tmp.resolve("olist-" + i + (gzip ? ".jsonl.gz" : ".jsonl"));
      Files.write(f, gzip ? gzip(text) : text);
      files.add(f);
      for (int l = 0; l < lines.get(i).size(); l++) {
        allLines.add(new Object[] {i, l + 1L, lines.get(i).get(l)});
      }
    }
  }

  @Test
  void theBooks_shouldNotDependOnHowInputsWereGroupedIntoRuns() throws IOException {
    // WHEN the six files are ingested and run as three cycles, and all at once (each ingest
    // registers
    // its files in argument order: the total order of inputs is the same both ways)
    String cycles = kept.home(tmp.resolve("cycles"));
    for (int i = 0; i < 6; i += 2) {
      ingest(cycles, i, i + 2);
      ReconRuns.Run run = recon("run", "--home", cycles);
      assertThat(run.exit()).as(run.out()).isZero();
    }
    String once = kept.home(tmp.resolve("once"));
    ingest(once, 0, 6);
    ReconRuns.Run run = recon("run", "--home", once);
    assertThat(run.exit()).as(run.out()).isZero();

    // THEN the exports are identical, but for what names the run
    Map<String, JsonNode> a = export(cycles);
    Map<String, JsonNode> b = export(once);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((id, artifact) -> assertThat(artifact).as(id).isEqualTo(b.get(id)));
    // AND so are the quarantined lines
    Set<String> qa = quarantined(cycles);
    assertThat(qa).isEqualTo(quarantined(once));

    // AND both equal the independent computation: first copy in input order wins
    Expected x = expected();
    assertThat(qa).containsAll(x.conflicting);
    assertThat(qa.stream().filter(q -> q.endsWith("CONFLICTING_DUPLICATE")).toList())
        .containsExactlyInAnyOrderElementsOf(x.conflicting);
    assertThat(a.keySet()).isEqualTo(x.balances.keySet());
    x.balances.forEach(
        (id, perCurrency) ->
            perCurrency.forEach(
                (currency, balance) ->
                    assertThat(new BigDecimal(a.get(id).get("balances").get(currency).asText()))
                        .as("%s %s", id, currency)
                        .isEqualByComparingTo(balance)));
    // the reported order exists, with its payment at the first amount
    JsonNode artifact = a.get(conflictingOrder);
    assertThat(artifact).as(conflictingOrder).isNotNull();
    assertThat(artifact.get("lines").findValuesAsText("eventId")).contains(conflictingPayment);
  }

  private static void ingest(String home, int from, int to) {
    List<String> args = new ArrayList<>(List.of("ingest", "--home", home));
    files.subList(from, to).forEach(f -> args.add(f.toString()));
    ReconRuns.Run r = recon(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.out()).isZero();
  }

  private static ReconRuns.Run recon(String... args) {
    return ReconRuns.recon(args);
  }

  /** Each artifact without the fields that legitimately name the run. */
  private static Map<String, JsonNode> export(String home) throws IOException {
    ReconRuns.Run r = recon("export", "--home", home, "--format", "jsonl");
    assertThat(r.exit()).isZero();
    Map<String, JsonNode> out = new TreeMap<>();
    for (String line : r.out().lines().toList()) {
      ObjectNode a = (ObjectNode) JSON.readTree(line);
      a.remove(List.of("version", "asOf", "status", "previous"));
      for (JsonNode l : (ArrayNode) a.get("lines")) {
        ((ObjectNode) l).remove("batch");
      }
      out.put(a.get("artifactId").asText(), a);
    }
    return out;
  }

  /** Every quarantined line, by input file name, line and reason. */
  private static Set<String> quarantined(String home) throws IOException {
    Set<String> out = new TreeSet<>();
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      for (ObjectInfo o : s.clients().objectStore().list(Layout.QUARANTINE)) {
        for (String line :
            new String(s.clients().objectStore().get(o.key()), StandardCharsets.UTF_8)
                .lines()
                .toList()) {
          QuarantineRecord q =
              CanonicalJson.decodeQuarantine(line.getBytes(StandardCharsets.UTF_8));
          // input/<hour>/<file name>-<content hash>.jsonl[.gz] -> <file name>.jsonl[.gz]
          String name =
              q.inputObject()
                  .substring(q.inputObject().lastIndexOf('/') + 1)
                  .replaceFirst("^(olist-\\d+)-[0-9a-f]+(\\.jsonl(\\.gz)?)$", "$1$2");
          assertThat(out.add(name + ":" + q.lineNumber() + ":" + q.reason()))
              .as("quarantined once")
              .isTrue();
        }
      }
    }
    return out;
  }

  record Expected(Map<String, Map<String, BigDecimal>> balances, Set<String> conflicting) {}

  /** One pass over every line in input order, without recon's rules. */
  private static Expected expected() throws IOException {
    Map<String, JsonNode> first = new LinkedHashMap<>();
    Set<String> conflicting = new TreeSet<>();
    for (Object[] l : allLines) {
      JsonNode e = JSON.readTree((String) l[2]);
      String id = e.get("artifactId").asText() + "/" + e.get("eventId").asText();
      JsonNode seen = first.putIfAbsent(id, e);
      if (seen != null && !seen.equals(e)) {
        conflicting.add(
            files.get((int) l[0]).getFileName() + ":" + l[1] + ":CONFLICTING_DUPLICATE");
      }
    }
    Map<String, Map<String, BigDecimal>> balances = new TreeMap<>();
    for (JsonNode e : first.values()) {
      BigDecimal amount = new BigDecimal(e.get("amount").asText());
      balances
          .computeIfAbsent(e.get("artifactId").asText(), k -> new TreeMap<>())
          .merge(
              e.get("currency").asText(),
              "DEBIT".equals(e.get("side").asText()) ? amount : amount.negate(),
              BigDecimal::add);
    }
    return new Expected(balances, conflicting);
  }

  private static String withAmountPlus(String line, String plus) throws IOException {
    ObjectNode e = (ObjectNode) JSON.readTree(line);
    e.put(
        "amount",
        new BigDecimal(e.get("amount").asText()).add(new BigDecimal(plus)).toPlainString());
    return JSON.writeValueAsString(e);
  }

  private static byte[] plain(OlistConverter.InputBatchFile b) throws IOException {
    if (!b.key().endsWith(".gz")) {
      return b.bytes();
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b.bytes()))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
