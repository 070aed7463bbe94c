package dev.recon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.EventGenerator;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static final Instant AS_OF = Instant.parse("2026-11-22T10:20:00Z");

  private static ReconciliationArtifact artifact(long seed, int events) {
    List<Event> list = new EventGenerator(seed).events(events, 1);
    StatelessArtifact s = StatelessReducer.reduce("order-0", 1, list);
    return new ArtifactMerger(RulesConfig.DEFAULTS)
        .merge(null, null, List.of(s), 42, AS_OF)
        .artifact()
        .withPrevious(new ArtifactLocation("state/0000000041/part-00003.jsonl", 1234, 567));
  }

  @Property(tries = 50)
  void artifact_shouldRoundTripToIdenticalBytes(@ForAll long seed) {
    ReconciliationArtifact a = artifact(seed, 40);
    byte[] bytes = CanonicalJson.encode(a);
    ReconciliationArtifact back = CanonicalJson.decodeArtifact(bytes);
    assertThat(back).isEqualTo(a);
    assertThat(CanonicalJson.encode(back)).isEqualTo(bytes);
    assertThat(CanonicalJson.decodeArtifact(new ByteArrayInputStream(bytes))).isEqualTo(a);
  }

  @Property(tries = 50)
  void statelessArtifact_shouldRoundTripToIdenticalBytes(@ForAll long seed) {
    StatelessArtifact s =
        StatelessReducer.reduce("order-0", 9, new EventGenerator(seed).events(30, 1));
    byte[] bytes = CanonicalJson.encode(s);
    assertThat(CanonicalJson.decodeStateless(bytes)).isEqualTo(s);
    assertThat(CanonicalJson.encode(CanonicalJson.decodeStateless(bytes))).isEqualTo(bytes);
  }

  @Test
  void encode_shouldFollowTheDesignLayout_withFieldsInOrder() {
    Event e =
        new Event(
            "evt-1",
            "order-9F2K",
            Instant.parse("2026-11-22T10:15:00Z"),
            "PAYMENT",
            Side.CREDIT,
            new BigDecimal("125.4"),
            "USD",
            "payments-gateway",
            "psp-77812",
            new TreeMap<>(Map.of("k", "v")));
    String json =
        new String(
            CanonicalJson.encode(
                new ArtifactMerger(RulesConfig.DEFAULTS)
                    .merge(
                        null,
                        null,
                        List.of(StatelessReducer.reduce("order-9F2K", 1, List.of(e))),
                        42,
                        AS_OF)
                    .artifact()),
            StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"artifactId\":\"order-9F2K\",\"version\":42,\"asOf\":\"2026-11-22T10:20:00Z\","
                + "\"status\":\"OPEN\",\"balances\":{\"USD\":\"-125.40\"},\"debits\":{},\"credits\":{\"USD\":\"125.40\"},"
                + "\"lineCount\":1,\"firstEventTime\":\"2026-11-22T10:15:00Z\",\"lastEventTime\":\"2026-11-22T10:15:00Z\","
                + "\"lines\":[{\"eventId\":\"evt-1\",\"eventTime\":\"2026-11-22T10:15:00Z\",\"type\":\"PAYMENT\","
                + "\"side\":\"CREDIT\",\"amount\":\"125.40\",\"currency\":\"USD\",\"source\":\"payments-gateway\","
                + "\"reference\":\"psp-77812\",\"attributes\":{\"k\":\"v\"},\"batch\":42}]}");
  }

  @Test
  void encode_shouldNeverContainARawNewline_whenTextsHoldControlCharacters() {
    Event e =
        new Event(
            "evt-1",
            "order-1",
            AS_OF,
            "FEE",
            Side.DEBIT,
            BigDecimal.TEN,
            "EUR",
            "line1\nline2",
            "ünïcødé \u2028 ref",
            new TreeMap<>());
    byte[] bytes = CanonicalJson.encode(e);
    for (byte b : bytes) {
      assertThat(b).isNotEqualTo((byte) '\n');
    }
    assertThat(CanonicalJson.decodeEvent(bytes)).isEqualTo(e);
  }

  @Test
  void quarantine_shouldRoundTrip() {
    QuarantineRecord q =
        new QuarantineRecord(
            "input/x.jsonl", 12, "{bad", 4, QuarantineReason.MALFORMED_JSON, "eof");
    assertThat(CanonicalJson.decodeQuarantine(CanonicalJson.encode(q))).isEqualTo(q);
  }
}
