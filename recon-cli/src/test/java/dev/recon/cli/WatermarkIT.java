package dev.recon.cli;

import static dev.recon.cli.ReconRuns.recon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.cli.ReconRuns.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon complete --through T} on the embedded stack: two sources whose event times differ, a
 * batch carrying a late event, and an input registered late for an early window. Each answer is
 * checked against watermarks computed by hand (max event time − allowed lateness, default 1 h).
 */
class WatermarkIT {
  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static final ObjectMapper JSON = new ObjectMapper();

  private String keptHome(String name) {
    return kept.home(tmp.resolve(name));
  }

  private static String event(String id, String key, String time, String source) {
    return "{\"eventId\":\""
        + id
        + "\",\"artifactId\":\""
        + key
        + "\",\"eventTime\":\"2026-11-20T"
        + time
        + ":00Z\","
        + "\"type\":\"PAYMENT\",\"side\":\"CREDIT\",\"amount\":\"1.00\",\"currency\":\"USD\",\"source\":\""
        + source
        + "\"}\n";
  }

  private Path file(String name, String... lines) throws Exception {
    return Files.writeString(tmp.resolve(name), String.join("", lines));
  }

  private static String window(String from, String to) {
    return "--window-start=2026-11-20T" + from + ":00Z --window-end=2026-11-20T" + to + ":00Z";
  }

  private Run ingest(String home, String window, Path file) {
    List<String> args = new ArrayList<>(List.of("ingest", "--home", home));
    args.addAll(List.of(window.split(" ")));
    args.add(file.toString());
    return recon(args.toArray(String[]::new));
  }

  private static Run complete(String home, String through, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("complete", "--home", home, "--through", "2026-11-20T" + through + ":00Z"));
    args.addAll(List.of(more));
    return recon(args.toArray(String[]::new));
  }

  private static JsonNode json(Run r) throws Exception {
    return JSON.readTree(r.out());
  }

  /** One source's line of the answer as "max watermark covered events batches". */
  private static String source(JsonNode answer, String name) {
    for (JsonNode s : answer.path("sources")) {
      if (s.path("source").asText().equals(name)) {
        return s.path("maxEventTime").asText()
            + " "
            + s.path("watermark").asText()
            + " "
            + s.path("covered").asBoolean()
            + " "
            + s.path("events").asLong()
            + " "
            + s.path("batches").asLong();
      }
    }
    return "absent";
  }

  @Test
  void completeThrough_shouldAnswerFromLedgerAndPerSourceWatermarks_asBatchesAndLateDataArrive()
      throws Exception {
    String home = keptHome("home");
    // GIVEN hour 10:00 with psp events up to 10:50 and erp (lagging) only up to 10:10, run
    assertThat(
            ingest(
                    home,
                    window("10:00", "11:00"),
                    file(
                        "a.jsonl",
                        event("p1", "order-1", "10:05", "psp"),
                        event("p2", "order-2", "10:50", "psp"),
                        event("r1", "order-1", "10:10", "erp")))
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // WHEN complete through 09:30 / THEN erp's watermark (09:10) holds it back: exit 4
    Run r = complete(home, "09:30");
    assertThat(r.exit()).as(r.out()).isEqualTo(CompleteCommand.INCOMPLETE);
    JsonNode a = json(r);
    assertThat(a.path("ledgerComplete").asBoolean()).isTrue();
    assertThat(a.path("watermarkComplete").asBoolean()).isFalse();
    assertThat(a.path("allowedLateness").asText()).isEqualTo("PT1H");
    assertThat(source(a, "psp")).isEqualTo("2026-11-20T10:50:00Z 2026-11-20T09:50:00Z true 2 1");
    assertThat(source(a, "erp")).isEqualTo("2026-11-20T10:10:00Z 2026-11-20T09:10:00Z false 1 1");
    // AND psp alone, or a shorter allowed lateness, or an earlier T, is complete
    Run psp = complete(home, "09:30", "--source", "psp");
    assertThat(psp.exit()).as(psp.out()).isZero();
    assertThat(source(json(psp), "erp")).isEqualTo("absent");
    assertThat(complete(home, "09:30", "--allowed-lateness", "PT15M").exit()).isZero();
    assertThat(complete(home, "09:00").exit()).isZero();
    // AND a source never seen is not complete
    Run bank = complete(home, "09:00", "--source", "bank");
    assertThat(bank.exit()).isEqualTo(CompleteCommand.INCOMPLETE);
    assertThat(json(bank).path("unknownSource").asBoolean()).isTrue();

    // WHEN the next hour lands with a late erp event from 09:20, not yet run
    assertThat(
            ingest(
                    home,
                    window("11:00", "12:00"),
                    file(
                        "b.jsonl",
                        event("p3", "order-3", "11:50", "psp"),
                        event("r2", "order-1", "09:20", "erp"),
                        event("r3", "order-3", "11:45", "erp")))
                .exit())
        .isZero();
    // THEN 09:30 is still not complete — rightly, an erp event before it was still on its way
    assertThat(complete(home, "09:30").exit()).isEqualTo(CompleteCommand.INCOMPLETE);

    // WHEN it runs / THEN 09:30 is complete: erp seen up to 11:45 over 2 batches, watermark 10:45
    assertThat(recon("run", "--home", home).exit()).isZero();
    Run after = complete(home, "09:30");
    assertThat(after.exit()).as(after.out()).isZero();
    assertThat(source(json(after), "erp"))
        .isEqualTo("2026-11-20T11:45:00Z 2026-11-20T10:45:00Z true 3 2");
    assertThat(source(json(after), "psp"))
        .isEqualTo("2026-11-20T11:50:00Z 2026-11-20T10:50:00Z true 3 2");
    assertThat(recon("get", "--home", home, "--json", "order-1").out())
        .contains("\"eventId\":\"r2\"");
    // AND 11:00 is not: the ledger is (hour 10 is reflected) but both watermarks are short of it
    JsonNode eleven = json(complete(home, "11:00"));
    assertThat(eleven.path("ledgerComplete").asBoolean()).isTrue();
    assertThat(eleven.path("reflected").asInt()).isEqualTo(1);
    assertThat(eleven.path("complete").asBoolean()).isFalse();

    // WHEN an input for the early window 09:00-10:00 is registered late, not yet run
    assertThat(
            ingest(
                    home,
                    window("09:00", "10:00"),
                    file("c.jsonl", event("r4", "order-4", "09:40", "erp")))
                .exit())
        .isZero();
    // THEN 10:00 is covered by every watermark, but the ledger knows an input due is pending
    Run pending = complete(home, "10:00");
    assertThat(pending.exit()).as(pending.out()).isEqualTo(CompleteCommand.INCOMPLETE);
    JsonNode p = json(pending);
    assertThat(p.path("watermarkComplete").asBoolean()).isTrue();
    assertThat(p.path("ledgerComplete").asBoolean()).isFalse();
    assertThat(p.path("missing"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("input").asText()).contains("c-");
              assertThat(m.path("stage").asText()).isEqualTo("PENDING");
            });
    // AND once run, it is complete
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(complete(home, "10:00").exit()).isZero();
  }

  @Test
  void completeThrough_shouldNotBeMovedByAFarFutureEvent_norLoseLinesToABomOrInvalidUtf8()
      throws Exception {
    String home = keptHome("future");
    // GIVEN hour 10:00 whose file starts with a byte-order mark, and carries one psp event at
    // 10:05, one
    // at 9999-12-31T23:00Z (far beyond the window end + RECON_MAX_EVENT_TIME_SKEW, 24 h) and one
    // line
    // whose artifactId is Latin-1, not UTF-8
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.writeBytes(
        event("p1", "order-1", "10:05", "psp").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(
        event("p2", "order-2", "10:06", "psp")
            .replace("2026-11-20T10:06:00Z", "9999-12-31T23:00:00Z")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(
        event("p3", "lat-\u00e9", "10:07", "psp")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Path file = Files.write(tmp.resolve("future.jsonl"), bytes.toByteArray());

    // WHEN it is ingested / THEN ingest reports the two bad lines with their numbers and reasons
    Run in = ingest(home, window("10:00", "11:00"), file);
    assertThat(in.exit()).as(in.out()).isZero();
    assertThat(in.out())
        .contains("3 lines, 2 bad")
        .contains(":2: BAD_TIMESTAMP")
        .contains(":3: MALFORMED_UTF8")
        .doesNotContain(":1: ");
    assertThat(recon("run", "--home", home).exit()).isZero();

    // AND complete --through 9999-01-01 for psp is not complete: the far-future event moved nothing
    Run far =
        recon("complete", "--home", home, "--through", "9999-01-01T00:00:00Z", "--source", "psp");
    assertThat(far.exit()).as(far.out()).isEqualTo(CompleteCommand.INCOMPLETE);
    assertThat(source(json(far), "psp"))
        .isEqualTo("2026-11-20T10:05:00Z 2026-11-20T09:05:00Z false 1 1");
    // AND through 09:00 it is, from the one accepted event (the BOM line)
    Run early = complete(home, "09:00", "--source", "psp");
    assertThat(early.exit()).as(early.out()).isZero();
    // AND the Latin-1 line became no artifact
    assertThat(recon("get", "--home", home, "lat-\ufffd").exit()).isEqualTo(3);
    // AND a lookup by an id ingestion refuses (NFD, ANGSTROM SIGN, an NBSP) is malformed (exit 2),
    // not unknown (3)
    assertThat(recon("get", "--home", home, "\u212b-1").exit()).isEqualTo(Exit.USAGE);
    assertThat(recon("get", "--home", home, "cafe\u0301").exit()).isEqualTo(Exit.USAGE);
    assertThat(recon("get", "--home", home, "order\u00a01").exit()).isEqualTo(Exit.USAGE);
  }

  @Test
  void complete_shouldRefuseMixedOrMissingFlags_withUsageExit() {
    String home = tmp.resolve("usage").toString();
    assertThat(recon("complete", "--home", home).exit()).isEqualTo(Exit.USAGE);
    assertThat(
            recon(
                    "complete",
                    "--home",
                    home,
                    "--through",
                    "2026-11-20T10:00:00Z",
                    "--to",
                    "2026-11-20T11:00:00Z")
                .exit())
        .isEqualTo(Exit.USAGE);
    assertThat(
            recon(
                    "complete",
                    "--home",
                    home,
                    "--from",
                    "2026-11-20T10:00:00Z",
                    "--to",
                    "2026-11-20T11:00:00Z",
                    "--source",
                    "psp")
                .exit())
        .isEqualTo(Exit.USAGE);
    assertThat(
            recon(
                    "complete",
                    "--home",
                    home,
                    "--through",
                    "2026-11-20T10:00:00Z",
                    "--allowed-lateness",
                    "-PT1H")
                .exit())
        .isEqualTo(Exit.USAGE);
    assertThat(
            recon(
                    "complete",
                    "--home",
                    home,
                    "--through",
                    "2026-11-20T10:00:00Z",
                    "--allowed-lateness",
                    "1h")
                .exit())
        .isEqualTo(Exit.USAGE);
  }
}
