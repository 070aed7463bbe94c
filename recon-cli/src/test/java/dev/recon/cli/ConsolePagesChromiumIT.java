package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.cli.serve.HeadlessChromium;
import dev.recon.cli.serve.ReconServer;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.local.EmbeddedStack;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every console page of {@code recon serve} as Debian's headless chromium renders it, after a
 * demo-sized run on one embedded stack (the demo's generator, a few hourly inputs with bad lines
 * and one hostile line, one {@code recon run}). The oracles are independent of the pages: the
 * generator's own sums and line counts, {@code recon get --json}, {@code recon report} and {@code
 * recon quarantine list --json}. Each page is saved as a 1280x900 PNG under {@code
 * target/screenshots/} ({@code scripts/screenshots.sh} copies them to {@code docs/screenshots/}).
 * Skips when chromium is absent.
 */
class ConsolePagesChromiumIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final int BATCHES = 2;

  /** Malformed JSON with markup and a BEL: must show as text, escaped, never as elements. */
  private static final String HOSTILE =
      "{\"eventId\":\"evt-hostile\",\"note\":\"<script>document.title='pwned'</script>"
          + "<img src=x onerror=alert(1)>\u0007 & more";

  /** What the page must show for it: DisplayText's {@code \u0007}, then HTML escaping. */
  private static final String HOSTILE_IN_DOM =
      "{\"eventId\":\"evt-hostile\",\"note\":\"&lt;script&gt;document.title='pwned'&lt;/script&gt;"
          + "&lt;img src=x onerror=alert(1)&gt;\\u0007 &amp; more";

  @TempDir static Path tmp;
  private static Path home;
  private static EmbeddedStack stack;
  private static ReconServer server;
  private static Optional<HeadlessChromium> chromium;
  private static DemoData data;
  private static long linesWritten;
  private static long badLines;

  @BeforeAll
  static void runTheDemoAndServe() throws IOException {
    chromium = HeadlessChromium.find(tmp);
    if (chromium.isEmpty()) {
      return; // every test skips; no stack started for nothing
    }
    long t0 = System.nanoTime();
    home = tmp.resolve("home").toAbsolutePath().normalize();
    stack = EmbeddedStack.start(home);
    LocalSession.KEPT.put(home, stack);
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(BATCHES));
    data = new DemoData(2026, start, BATCHES, 250, 400);
    data.lines.get(BATCHES - 1).add(HOSTILE);
    badLines = data.bad + 1;
    for (int b = 0; b < BATCHES; b++) {
      Path f = tmp.resolve(String.format("batch-%02d.jsonl", b));
      Files.writeString(f, String.join("\n", data.lines.get(b)) + "\n", StandardCharsets.UTF_8);
      linesWritten += data.lines.get(b).size();
      Captured in =
          Captured.recon(
              "ingest",
              "--home",
              home.toString(),
              "--window-start=" + data.windowStart(b),
              "--window-end=" + data.windowEnd(b),
              f.toString());
      assertThat(in.exit()).as(in.err()).isZero();
    }
    Captured run = Captured.recon("run", "--home", home.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    ArtifactApi api =
        new ArtifactApi(
            new ArtifactQuery(
                stack.clients().artifactIndex(),
                stack.clients().objectStore(),
                stack.clients().artifactCache(),
                stack.clients().settings().rules().maxIdLength()));
    server =
        ReconServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            api,
            stack.clients().batchLedger(),
            Clock.systemUTC(),
            System.err::println);
    System.err.printf(
        "ConsolePagesChromiumIT: %d lines ingested and run in %.1f s%n",
        linesWritten, (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (stack != null) {
      LocalSession.KEPT.values().remove(stack);
      stack.close();
    }
  }

  private static HeadlessChromium browser() {
    assumeTrue(
        chromium.isPresent(),
        "chromium not found: skipping the console pages browser test (install it with scripts/install-test-deps.sh)");
    return chromium.get();
  }

  @Test
  void overview_shouldShowTheRunsBatchesAndEveryLineRead_whenLoadedInChromium() throws IOException {
    // GIVEN the demo run's ledger
    HeadlessChromium browser = browser();
    List<LedgerRecord> stateful = stack.clients().batchLedger().list(BatchKind.STATEFUL);

    // WHEN
    String dom = shoot(browser, server.uri(), "overview");

    // THEN nothing waits, each stateful batch of the run is listed, and the events chart's bars
    // add up to the lines this test wrote
    assertThat(dom).contains("<h1>recon overview</h1>");
    assertThat(dom).contains("data-field=\"inputs waiting to be planned\">0</td>");
    assertThat(stateful).isNotEmpty();
    for (LedgerRecord r : stateful) {
      assertThat(dom).contains("<tr data-batch=\"" + r.id() + "\">");
    }
    assertThat(sum(dom, "batch [0-9]+: ([0-9]+) events")).isEqualTo(linesWritten);
    assertThat(dom).contains("id=\"chart-stages\"", "id=\"chart-quarantine\"");
    // AND the artifact census equals the statuses read back from every artifact the index holds
    Map<String, Long> stored = new TreeMap<>();
    stack
        .clients()
        .artifactIndex()
        .scan(
            e ->
                stored.merge(
                    dev.recon.core.codec.CanonicalJson.decodeArtifact(
                            stack
                                .clients()
                                .objectStore()
                                .getRange(e.partFile(), e.offset(), e.length()))
                        .status()
                        .name(),
                    1L,
                    Long::sum));
    assertThat(stored.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(100);
    for (String status : List.of("OPEN", "AGED", "RECONCILED")) {
      assertThat(dom)
          .contains(
              "<td data-status=\"" + status + "\">" + stored.getOrDefault(status, 0L) + "</td>");
    }
  }

  @Test
  void statusAndBatchesPages_shouldListEveryBatchAndInput_whenLoadedInChromium()
      throws IOException {
    // GIVEN
    HeadlessChromium browser = browser();
    List<LedgerRecord> stateless = stack.clients().batchLedger().list(BatchKind.STATELESS);

    for (String page : List.of("status", "ui/batches")) {
      // WHEN
      URI url = server.uri().resolve(page);
      String dom = shoot(browser, url, page.equals("status") ? "status" : "batches");

      // THEN the inputs this test registered, none pending, each stateless batch, and the
      // accepted and quarantined counts adding up to the generator's
      assertThat(dom).as(page).contains("<title>recon \u00b7 batches</title>");
      assertThat(dom)
          .as(page)
          .contains(
              "<span id=\"inputs-registered\">" + BATCHES + "</span>",
              "<span id=\"inputs-pending\">0</span>");
      for (LedgerRecord r : stateless) {
        assertThat(dom).as(page).contains("<tr id=\"stateless-" + r.id() + "\"");
      }
      assertThat(sum(dom, "data-count=\"quarantined\">quarantined <b>([0-9]+)</b>"))
          .as(page)
          .isEqualTo(badLines);
    }
  }

  @Test
  void artifactPages_shouldShowTheBalancesOfRecongetAndTheStatusOfReconReport_whenLoaded()
      throws IOException {
    // GIVEN an artifact in two currencies not all settled, and one that recon report lists as
    // unreconciled
    HeadlessChromium browser = browser();
    String twoCurrencies =
        data.expected.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .filter(e -> e.getValue().values().stream().anyMatch(v -> v.signum() != 0))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    Map<String, String> unreconciled = report();
    assertThat(unreconciled).containsValue("AGED").containsValue("OPEN");
    String aged =
        unreconciled.entrySet().stream()
            .filter(e -> e.getValue().equals("AGED") && !e.getKey().equals(twoCurrencies))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();

    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("artifact", "ui/artifacts/" + twoCurrencies);
    pages.put("artifact-search", "ui/artifacts?id=" + aged);
    for (Map.Entry<String, String> p : pages.entrySet()) {
      String id = p.getValue().replaceFirst(".*[/=]", "");
      // WHEN
      URI url = server.uri().resolve(p.getValue());
      String dom = shoot(browser, url, p.getKey());

      // THEN each currency's balance equals recon get --json's and the generator's own sum
      Map<String, BigDecimal> cli = balancesFromCli(id);
      assertThat(cli.keySet()).isEqualTo(data.expected.get(id).keySet());
      Map<String, BigDecimal> shown = balancesOnPage(dom);
      assertThat(shown.keySet()).as(id).isEqualTo(cli.keySet());
      for (Map.Entry<String, BigDecimal> e : cli.entrySet()) {
        assertThat(shown.get(e.getKey()))
            .as(id + " " + e.getKey())
            .isEqualByComparingTo(e.getValue());
        assertThat(shown.get(e.getKey()))
            .as(id + " " + e.getKey() + " (generator)")
            .isEqualByComparingTo(data.expected.get(id).get(e.getKey()));
      }
      // AND the status equals recon report's (RECONCILED where it does not list the artifact)
      assertThat(dom)
          .as(id)
          .contains(
              "data-field=\"status\" class=\"text\">"
                  + unreconciled.getOrDefault(id, "RECONCILED")
                  + "</td>");
    }
  }

  @Test
  void quarantinePage_shouldShowEveryBadLineAndTheHostileOneAsEscapedText_whenLoaded()
      throws Exception {
    // GIVEN the hostile line's stateless batch, as recon quarantine list --json names it
    HeadlessChromium browser = browser();
    Captured list = Captured.recon("quarantine", "list", "--home", home.toString(), "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    long batch = -1;
    for (String line : list.out().split("\n")) {
      JsonNode j = JSON.readTree(line);
      if (j.get("raw").asText().equals(HOSTILE)) {
        batch = j.get("batch").asLong();
      }
    }
    assertThat(batch).as("the hostile line is quarantined").isPositive();

    // WHEN the list of batches, then the hostile line's batch
    String index = shoot(browser, server.uri().resolve("ui/quarantine"), "quarantine-batches");
    URI url = server.uri().resolve("ui/quarantine?batch=" + batch);
    String dom = shoot(browser, url, "quarantine");

    // THEN the batch list's quarantined counts add up to the bad lines this test wrote
    assertThat(
            sum(
                index,
                "<tr data-batch=\"[0-9]+\"><td class=\"num\"><a [^>]*>[0-9]+</a></td>"
                    + "<td class=\"num\">([0-9]+)</td>"))
        .isEqualTo(badLines);
    // AND the hostile line is text: escaped markup, the BEL shown as \u0007, no element made and
    // no script run (it would have renamed the page)
    assertThat(dom).contains("<code class=\"raw\">" + HOSTILE_IN_DOM);
    assertThat(dom).doesNotContain("<script").doesNotContain("<img").doesNotContain("\u0007");
    assertThat(dom).doesNotContain("pwned</title>");
    assertThat(dom).contains("id=\"export-command\"");
  }

  /** OPEN and AGED artifacts by id, as {@code recon report} prints them. */
  private static Map<String, String> report() {
    Captured c = Captured.recon("report", "--home", home.toString());
    assertThat(c.exit()).as(c.err()).isZero();
    Map<String, String> out = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^(OPEN|AGED) +(\\S+) ").matcher(c.out());
    while (m.find()) {
      out.put(m.group(2), m.group(1));
    }
    Matcher n = Pattern.compile("^([0-9]+) unreconciled").matcher(c.out());
    assertThat(n.find()).as(c.out()).isTrue();
    assertThat(out).hasSize(Integer.parseInt(n.group(1)));
    return out;
  }

  private static Map<String, BigDecimal> balancesFromCli(String id) throws IOException {
    Captured c = Captured.recon("get", "--home", home.toString(), "--json", id);
    assertThat(c.exit()).as(id + ": " + c.err()).isZero();
    Map<String, BigDecimal> out = new TreeMap<>();
    JSON.readTree(c.out())
        .get("balances")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), new BigDecimal(e.getValue().asText())));
    return out;
  }

  private static Map<String, BigDecimal> balancesOnPage(String dom) {
    Map<String, BigDecimal> out = new TreeMap<>();
    Matcher m =
        Pattern.compile(
                "<tr data-currency=\"([A-Z]{3})\">.*?<td class=\"num balance\">([^<]*)</td>",
                Pattern.DOTALL)
            .matcher(dom);
    while (m.find()) {
      out.put(m.group(1), new BigDecimal(m.group(2).replace(",", "").strip()));
    }
    return out;
  }

  private static long sum(String dom, String regex) {
    long total = 0;
    Matcher m = Pattern.compile(regex).matcher(dom);
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  /**
   * The page's DOM, and its 1280x900 PNG under target/screenshots/ (one browser run for both),
   * checked to be a painted page.
   */
  private static String shoot(HeadlessChromium browser, URI url, String name) throws IOException {
    Path png = SHOTS.resolve(name + ".png");
    Files.deleteIfExists(png);
    String dom = browser.dumpDomAndScreenshot(url, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).as(name).isEqualTo(1280);
    assertThat(image.getHeight()).as(name).isEqualTo(900);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(colours).as(name + ": not a blank page").hasSizeGreaterThan(20);
    return dom;
  }
}
