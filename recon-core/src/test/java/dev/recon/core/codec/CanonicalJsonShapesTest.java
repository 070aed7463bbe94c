package dev.recon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Settlement;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.StatelessReducer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The codec's shapes checked against an independent reader (Jackson's tree model), and its refusal
 * of JSON whose structure is not the canonical one.
 */
class CanonicalJsonShapesTest {
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final Instant AS_OF = Instant.parse("2026-11-22T10:20:00Z");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(byte[] json) throws IOException {
    return TREE.readTree(json);
  }

  private static TreeMap<String, BigDecimal> money(String currency, String amount) {
    TreeMap<String, BigDecimal> m = new TreeMap<>();
    m.put(currency, new BigDecimal(amount));
    return m;
  }

  private static Event event(String id, String type) {
    return new Event(
        id,
        "order-1",
        Instant.parse("2026-11-22T10:15:00Z"),
        type,
        Side.DEBIT,
        new BigDecimal("1.00"),
        "EUR",
        "shop",
        null,
        new TreeMap<>());
  }

  @Test
  void encode_shouldWriteEachSettlementCurrencyAsItsOwnObject_beforeTheLines() throws IOException {
    // GIVEN an artifact without lines or event times, settled in two currencies
    TreeMap<String, Settlement> settlement = new TreeMap<>();
    settlement.put("EUR", new Settlement(new BigDecimal("10"), new BigDecimal("7.5")));
    settlement.put("USD", new Settlement(new BigDecimal("3"), new BigDecimal("3")));
    ReconciliationArtifact a =
        new ReconciliationArtifact(
            "order-1",
            3,
            AS_OF,
            ArtifactStatus.OPEN,
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            0,
            null,
            null,
            List.of(),
            null,
            settlement);

    // WHEN
    byte[] bytes = CanonicalJson.encode(a);
    JsonNode t = tree(bytes);

    // THEN
    assertThat(t.get("firstEventTime").isNull()).isTrue();
    assertThat(t.get("lastEventTime").isNull()).isTrue();
    List<String> fields = new ArrayList<>();
    t.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "artifactId",
            "version",
            "asOf",
            "status",
            "balances",
            "debits",
            "credits",
            "lineCount",
            "firstEventTime",
            "lastEventTime",
            "settlement",
            "lines");
    assertThat(t.get("settlement").size()).isEqualTo(2);
    assertThat(t.get("settlement").get("EUR").get("expected").asText()).isEqualTo("10.00");
    assertThat(t.get("settlement").get("EUR").get("settled").asText()).isEqualTo("7.50");
    assertThat(t.get("settlement").get("EUR").get("difference").asText()).isEqualTo("2.50");
    assertThat(t.get("settlement").get("USD").get("difference").asText()).isEqualTo("0.00");
    assertThat(CanonicalJson.decodeArtifact(bytes)).isEqualTo(a);
    // AND a page of it has no event times either
    ArtifactSlice page = CanonicalJson.readPage(new ByteArrayInputStream(bytes), 0, 10);
    assertThat(page.firstEventTime()).isNull();
    assertThat(page.lastEventTime()).isNull();
    assertThat(page.lines()).isEmpty();
  }

  @Test
  void decodeArtifact_shouldCountTheLines_whenLineCountIsAbsent() {
    String json =
        "{\"artifactId\":\"a\",\"version\":1,\"asOf\":\"2026-11-22T10:20:00Z\",\"status\":\"OPEN\","
            + "\"lines\":[{\"eventId\":\"e1\",\"eventTime\":\"2026-11-22T10:15:00Z\",\"type\":\"t\","
            + "\"side\":\"DEBIT\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"source\":\"s\","
            + "\"reference\":null,\"batch\":1},"
            + "{\"eventId\":\"e2\",\"eventTime\":\"2026-11-22T10:16:00Z\",\"type\":\"t\","
            + "\"side\":\"DEBIT\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"source\":\"s\","
            + "\"reference\":null,\"batch\":1}]}";
    ReconciliationArtifact a = CanonicalJson.decodeArtifact(utf8(json));
    assertThat(a.lineCount()).isEqualTo(2);
    assertThat(a.lines()).extracting(l -> l.eventId()).containsExactly("e1", "e2");
  }

  @Test
  void encodeStateless_shouldWriteTheBatchAndNoOriginsTable_whenThereAreNoOrigins()
      throws IOException {
    StatelessArtifact s =
        new StatelessArtifact(
            "order-1",
            9,
            List.of(event("e1", "FEE")),
            money("EUR", "1"),
            new TreeMap<>(),
            List.of(),
            List.of());
    JsonNode t = tree(CanonicalJson.encode(s));
    assertThat(t.get("statelessBatch").asLong()).isEqualTo(9);
    assertThat(t.get("eventCount").asInt()).isEqualTo(1);
    assertThat(t.has("inputs")).isFalse();
    assertThat(t.has("origins")).isFalse();
    assertThat(t.get("events").get(0).has("artifactId")).isFalse();
    assertThat(CanonicalJson.decodeStateless(CanonicalJson.encode(s))).isEqualTo(s);
  }

  @Test
  void decodeStateless_shouldKeepEveryDistinctText_beyondWhatTheInternerShares() {
    // GIVEN more distinct event types than the interner holds (4,096)
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      events.add(event("e" + i, "type-" + i));
    }
    StatelessArtifact s = StatelessReducer.reduce("order-1", 1, events);

    // WHEN
    StatelessArtifact back = CanonicalJson.decodeStateless(CanonicalJson.encode(s));

    // THEN
    assertThat(back.events())
        .extracting(Event::type)
        .containsExactlyElementsOf(s.events().stream().map(Event::type).toList());
    assertThat(back).isEqualTo(s);
  }

  private static void refused(Consumer<byte[]> decode, String json, String message) {
    assertThatThrownBy(() -> decode.accept(utf8(json)))
        .as(json)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(message);
  }

  @Test
  void decode_shouldRefuseJsonOfAnotherShape_namingWhatItExpected() {
    String object = "expected START_OBJECT but found START_ARRAY";
    String array = "expected START_ARRAY but found START_OBJECT";
    Consumer<byte[]> artifact = CanonicalJson::decodeArtifact;
    refused(artifact, "[]", object);
    refused(artifact, "{\"lines\":{}}", array);
    refused(artifact, "{\"settlement\":[]}", object);
    refused(artifact, "{\"balances\":[]}", object);
    refused(artifact, "{\"settlement\":{\"EUR\":[]}}", object);
    Consumer<byte[]> page = b -> CanonicalJson.readPage(new ByteArrayInputStream(b), 0, 5);
    refused(page, "[]", object);
    refused(page, "{\"lines\":{}}", array);
    Consumer<byte[]> event = CanonicalJson::decodeEvent;
    refused(event, "[]", object);
    refused(event, "{\"attributes\":[]}", object);
    Consumer<byte[]> stateless = CanonicalJson::decodeStateless;
    refused(stateless, "[]", object);
    refused(stateless, "{\"events\":{}}", array);
    refused(stateless, "{\"inputs\":{}}", array);
    refused(stateless, "{\"origins\":{}}", array);
    refused(stateless, "{\"rivals\":{}}", array);
    refused(stateless, "{\"rivals\":[{\"event\":[]}]}", object);
    refused(stateless, "{\"rivals\":[{\"origins\":{}}]}", array);
    refused(CanonicalJson::decodeQuarantine, "[]", object);
  }

  @Test
  void previousOfTail_shouldReadAFieldAtTheVeryStartOfTheTail_andAnEmptyEndOfLines() {
    byte[] tail = utf8(",\"previous\":{\"partFile\":\"p\",\"offset\":5,\"length\":7}}");
    assertThat(CanonicalJson.previousOfTail(tail)).contains(new ArtifactLocation("p", 5, 7));
    assertThat(CanonicalJson.previousOfTail(utf8("]}"))).isEmpty();
    assertThatThrownBy(() -> CanonicalJson.previousOfTail(utf8("}")))
        .isInstanceOf(CanonicalJson.TailTooShortException.class);
  }

  @Test
  void artifactIdOf_shouldReadTheFirstField_andRefuseAnythingElseFirst() {
    assertThat(ArtifactHeader.artifactIdOf(utf8("{\"artifactId\":\"order-7\",\"version\":1}")))
        .isEqualTo("order-7");
    for (String bad :
        List.of(
            "[\"artifactId\"]",
            "{}",
            "{\"version\":1,\"artifactId\":\"order-7\"}",
            "{\"artifactId\":7}")) {
      assertThatThrownBy(() -> ArtifactHeader.artifactIdOf(utf8(bad)))
          .as(bad)
          .isInstanceOf(ArtifactHeader.MalformedArtifactException.class)
          .hasMessage("record does not start with its artifactId");
    }
  }
}
