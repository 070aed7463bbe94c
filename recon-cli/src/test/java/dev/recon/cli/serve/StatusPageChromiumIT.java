package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a browser renders it: Debian's chromium, headless, against the server on the
 * embedded stack with a seeded ledger. Skips (with the command that installs it) when chromium is
 * absent.
 */
class StatusPageChromiumIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
  @TempDir static Path work;
  private static ReconServer server;
  private static Optional<HeadlessChromium> chromium;

  @BeforeAll
  static void start() throws IOException {
    chromium = HeadlessChromium.find(work);
    Batches.seed(STACK.clients().batchLedger());
    ArtifactApi api =
        new ArtifactApi(
            new ArtifactQuery(
                STACK.clients().artifactIndex(),
                STACK.clients().objectStore(),
                STACK.clients().artifactCache(),
                128));
    server =
        ReconServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            api,
            STACK.clients().batchLedger(),
            Clock.systemUTC(),
            System.err::println);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HeadlessChromium browser() {
    assumeTrue(
        chromium.isPresent(),
        "chromium not found: skipping the status page browser test (install it with scripts/install-test-deps.sh)");
    return chromium.get();
  }

  @Test
  void statusPage_shouldRenderEveryBatchRow_whenLoadedInChromium() {
    // GIVEN a ledger with 2 stateless and 3 stateful batches and 3 inputs (1 pending)
    HeadlessChromium browser = browser();

    // WHEN
    String dom = browser.dumpDom(server.uri().resolve("status"));

    // THEN the rows the ledger holds, newest first, with their stages and statuses
    assertThat(dom).contains("<title>recon \u00b7 batches</title>");
    assertThat(dom)
        .containsSubsequence(
            "<tr id=\"stateful-0000000003\" data-status=\"FAILURE\">",
            "<tr id=\"stateful-0000000002\" data-status=\"EXECUTING\">",
            "<td data-stage=\"process\" class=\"status s-EXECUTING\">EXECUTING</td>",
            "<tr id=\"stateful-0000000001\" data-status=\"SUCCESS\">",
            "<tr id=\"stateless-0000000002\" data-status=\"EXECUTING\">",
            "<tr id=\"stateless-0000000001\" data-status=\"SUCCESS\">",
            "data-count=\"accepted\">accepted <b>990</b>");
    assertThat(dom)
        .contains(
            "<span id=\"inputs-registered\">3</span>", "<span id=\"inputs-pending\">1</span>");
  }

  @Test
  void statusPage_shouldShowHostileLedgerTextAsText_whenLoadedInChromium() {
    // GIVEN batch 3's error holds a <script> and an <img onerror>
    HeadlessChromium browser = browser();

    // WHEN
    String dom = browser.dumpDom(server.uri().resolve("status"));

    // THEN neither became an element, and the script did not run (it would have renamed the page)
    assertThat(dom)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("pwned</title>");
    assertThat(dom)
        .contains(
            "&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; \"quoted\"");
    // AND a quarantine reason with markup in the stage metrics stays text too
    assertThat(dom)
        .contains("&lt;script&gt;document.title='owned'&lt;/script&gt; 1")
        .doesNotContain("owned</title>");
  }

  @Test
  void statusPage_shouldShowStageMetrics_whenLoadedInChromium() {
    // GIVEN the reducer's metrics on stateless 1 and the prefetcher's on stateful 1
    HeadlessChromium browser = browser();

    // WHEN
    String dom = browser.dumpDom(server.uri().resolve("status"));

    // THEN
    assertThat(dom)
        .containsSubsequence(
            "<tr id=\"metrics-prefetch-0000000001\" data-stage=\"prefetch\">",
            "data-metric=\"cacheHitRatio\">75.0 %</td>",
            "<tr id=\"metrics-reduce-0000000001\" data-stage=\"reduce\">",
            "data-metric=\"eventsIn\">1000</td>");
  }

  @Test
  void statusPage_shouldPaintAReadablePage_whenScreenshotInChromium() throws IOException {
    // GIVEN
    HeadlessChromium browser = browser();
    Path png = Path.of("target", "status-page.png");
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);

    // WHEN
    browser.screenshot(server.uri().resolve("status"), png);

    // THEN a 1280x900 image with text and the status colours on it, not a blank page
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(900);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(colours).hasSizeGreaterThan(50);
    assertThat(colours)
        .as("the FAILURE status in red")
        .anyMatch(c -> (c >> 16 & 0xff) > 180 && (c >> 8 & 0xff) < 90 && (c & 0xff) < 90);
  }
}
