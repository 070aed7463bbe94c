package dev.recon.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.EventGenerator;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactApiTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final ArtifactApi api = new ArtifactApi(new ArtifactQuery(index, store, null, 128));

  private ReconciliationArtifact stored(String id) {
    EventGenerator gen = new EventGenerator(9);
    ReconciliationArtifact a =
        new ArtifactMerger(RulesConfig.DEFAULTS)
            .merge(
                null,
                null,
                List.of(StatelessReducer.reduce(id, 1, List.of(gen.event(id), gen.event(id)))),
                1,
                Instant.parse("2026-11-22T00:00:00Z"))
            .artifact();
    byte[] bytes = CanonicalJson.encode(a);
    store.put("state/0000000001/part-00000.jsonl", bytes);
    index.putIfNewer(new IndexEntry(id, "state/0000000001/part-00000.jsonl", 0, bytes.length, 1));
    return a;
  }

  @Test
  void handle_shouldAnswer200WithTheArtifact_whenKnown_evenWithEncodedCharacters() {
    ReconciliationArtifact a = stored("order 9F/2K+x");
    ArtifactApi.Response r = api.handle("GET", "/artifacts/order%209F%2F2K%2Bx");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(CanonicalJson.encode(a));
    assertThat(api.handle("GET", "/artifacts/order%209F%2F2K%2Bx/history").bodyText())
        .startsWith("[{\"artifactId\":\"order 9F/2K+x\"");
  }

  @Test
  void handle_shouldAnswer404_400_405_asTheCaseDemands() {
    stored("order-1");
    assertThat(api.handle("GET", "/artifacts/order-2").status()).isEqualTo(404);
    assertThat(api.handle("GET", "/artifacts/order-2/history").status()).isEqualTo(404);
    assertThat(api.handle("GET", "/artifacts/bad%00id").status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/" + "x".repeat(300)).status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/%zz").status()).isEqualTo(400);
    assertThat(api.handle("POST", "/artifacts/order-1").status()).isEqualTo(405);
    assertThat(api.handle("GET", "/nothing").status()).isEqualTo(404);
    assertThat(store.gets.get()).isZero();
  }

  @Test
  void handle_shouldAnswer400WithoutReadingAnyStore_whenThePercentEncodingIsNotStrictUtf8() {
    // GIVEN an artifact whose id a lenient decoder could be tricked into (U+FFFD is a valid id
    // character)
    stored("\uFFFD");

    // WHEN / THEN: a lone or short '%', non-hex digits, bytes that are not UTF-8 (Latin-1 é, an
    // overlong '/', an encoded surrogate, a truncated sequence) are all 400, never a lookup
    for (String bad :
        List.of(
            "%",
            "%E",
            "%ZZ",
            "%zz",
            "a%2",
            "%E9",
            "%C0%AF",
            "%ED%A0%80",
            "%E2%84",
            "%FF",
            "%\uFF11\uFF11")) {
      ArtifactApi.Response r = api.handle("GET", "/artifacts/" + bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.bodyText()).as(bad).startsWith("{\"error\":\"malformed percent-encoding");
      assertThat(api.handle("GET", "/artifacts/" + bad + "/history").status())
          .as(bad)
          .isEqualTo(400);
    }
    assertThat(store.gets.get()).isZero();
    // AND well-formed escapes still decode, '+' stays a plus, and the U+FFFD artifact is reachable
    // by its own escape
    assertThat(ArtifactApi.decodeSegment("a+b%20c%E2%84%96%2f")).contains("a+b c\u2116/");
    assertThat(api.handle("GET", "/artifacts/%EF%BF%BD").status()).isEqualTo(200);
  }

  @Test
  void handle_shouldNameTheAllowedMethods_whenAnsweringOtherMethodsWith405() {
    ArtifactApi.Response r = api.handle("DELETE", "/artifacts/order-1");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(api.handle("GET", "/artifacts/order-1").headers()).isEmpty();
  }

  @Test
  void handle_shouldAnswer400_forIdsIngestionRefuses_notDecodeThemInto404s() {
    stored("caf\u00e9");
    assertThat(api.handle("GET", "/artifacts/caf%C3%A9").status()).isEqualTo(200);
    long gets = store.gets.get();
    // NFD spelling of the same id: refused by the one id rule, never looked up
    assertThat(api.handle("GET", "/artifacts/cafe%CC%81").status()).isEqualTo(400);
    // NBSP, inner or leading; an ideographic space
    assertThat(api.handle("GET", "/artifacts/caf%C2%A0e").status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/%C2%A0cafe").status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/a%E3%80%80b").status()).isEqualTo(400);
    // percent-encoded bytes that are not UTF-8 are malformed, not U+FFFD
    assertThat(api.handle("GET", "/artifacts/lat-%E9").status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/%ED%A0%80x").status()).isEqualTo(400);
    assertThat(store.gets.get()).isEqualTo(gets);
  }
}
