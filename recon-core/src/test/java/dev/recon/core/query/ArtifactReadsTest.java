package dev.recon.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.codec.ArtifactHeader;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.ForwardingObjectStore;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.VersionedArtifacts;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ranged reads behind the API (their sizes and bounds) and the API's routes and errors. */
class ArtifactReadsTest {
  private static final Instant T10 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T11 = Instant.parse("2026-11-22T11:00:00Z");
  private static final Instant T12 = Instant.parse("2026-11-22T12:00:00Z");

  private final InMemoryObjectStore memory = new InMemoryObjectStore();
  private final List<Long> ranges = Collections.synchronizedList(new ArrayList<>());
  private boolean down;
  private final ForwardingObjectStore store =
      new ForwardingObjectStore(memory) {
        @Override
        public byte[] getRange(String key, long offset, long length) {
          if (down) {
            throw new StoreUnavailableException("down", null);
          }
          ranges.add(length);
          return super.getRange(key, offset, length);
        }
      };
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final ArtifactQuery query = new ArtifactQuery(index, store, null, 128);
  private final ArtifactApi api = new ArtifactApi(query);
  private final VersionedArtifacts chain = new VersionedArtifacts(memory, index);
  private ReconciliationArtifact v1;
  private ReconciliationArtifact v2;
  private ReconciliationArtifact v3;

  @BeforeEach
  void threeVersions() {
    v1 = chain.add("order-1", 1, T10, 3, "a");
    v2 = chain.add("order-1", 2, T11, 2, "b");
    v3 = chain.add("order-1", 5, T12, 1, "c");
  }

  @Test
  void accessors_shouldHandBackWhatTheyWereBuiltWith() {
    assertThat(api.query()).isSameAs(query);
    assertThat(query.objectStore()).isSameAs(store);
  }

  @Test
  void history_shouldBeAJsonArrayOfEveryVersion_newestFirst() throws Exception {
    ArtifactApi.Response r = api.handle("GET", "/artifacts/order-1/history");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    String expected =
        "["
            + new String(CanonicalJson.encode(v3), StandardCharsets.UTF_8)
            + ","
            + new String(CanonicalJson.encode(v2), StandardCharsets.UTF_8)
            + ","
            + new String(CanonicalJson.encode(v1), StandardCharsets.UTF_8)
            + "]";
    assertThat(r.bodyText()).isEqualTo(expected);
    assertThat(new ObjectMapper().readTree(r.body()).size()).isEqualTo(3);
  }

  @Test
  void handle_shouldAnswerHead_andRefuseEmptyOrNestedIds_andNullPaths() {
    assertThat(api.handle("HEAD", "/artifacts/order-1").body()).isEqualTo(CanonicalJson.encode(v3));
    for (String path :
        new String[] {
          "/artifacts/", "/artifacts/a/b", "/artifacts//history", "/artifact/x", null
        }) {
      ArtifactApi.Response r = api.handle("GET", path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.bodyText()).as(path).isEqualTo("{\"error\":\"no such resource\"}");
    }
    assertThat(api.handle("GET", "/artifacts/nope").bodyText())
        .isEqualTo("{\"error\":\"unknown artifact\"}");
    assertThat(api.handle("PUT", "/artifacts/order-1").bodyText())
        .isEqualTo("{\"error\":\"only GET is supported\"}");
  }

  @Test
  void handle_shouldExplainAMisplacedOrMalformedAsOf() {
    assertThat(api.handle("GET", "/artifacts/order-1/history", "asOf=" + T11).bodyText())
        .isEqualTo("{\"error\":\"asOf applies to /artifacts/{id}, not to its history\"}");
    assertThat(api.handle("GET", "/artifacts/order-1", "asOf=soon").bodyText())
        .isEqualTo(
            "{\"error\":\"asOf must be an ISO-8601 instant in UTC, such as 2026-11-22T10:00:00Z\"}");
  }

  @Test
  void handle_shouldAnswer503_whenTheObjectStoreIsUnavailable() {
    down = true;
    ArtifactApi.Response r = api.handle("GET", "/artifacts/order-1");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.bodyText()).isEqualTo("{\"error\":\"a store is unavailable; retry later\"}");
  }

  @Test
  void error_shouldEscapeQuotesAndBackslashes_soTheBodyIsJsonHoldingTheMessage() throws Exception {
    String message = "id \"a\\b\" refused";
    ArtifactApi.Response r = ArtifactApi.Response.error(400, message);
    assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo(message);
  }

  @Test
  void parameter_shouldTakeTheLastExactlyNamedValue() {
    assertThat(ArtifactApi.parameter("asOf=1&x=2&asOf=3", "asOf")).contains("3");
    assertThat(ArtifactApi.parameter("xasOf=1&asOfx=2", "asOf")).isEmpty();
    assertThat(ArtifactApi.parameter("asOf=", "asOf")).contains("");
    assertThat(ArtifactApi.parameter("", "asOf")).isEmpty();
    assertThat(ArtifactApi.parameter(null, "asOf")).isEmpty();
  }

  @Test
  void decodeSegment_shouldDecodeZeroDigitsAndRawCharacters_andRefuseLoneSurrogates() {
    assertThat(ArtifactApi.decodeSegment("%30%0A%41")).contains("0\nA");
    assertThat(ArtifactApi.decodeSegment("%4")).isEmpty();
    assertThat(ArtifactApi.decodeSegment("\u0080\u00e9\u6771\uD83D\uDE00x"))
        .contains("\u0080\u00e9\u6771\uD83D\uDE00x");
    assertThat(ArtifactApi.decodeSegment("\u007f")).contains("\u007f");
    for (String bad : List.of("\uD83D", "\uD83Dx", "\uDE00", "a\uDE00\uD83D")) {
      assertThat(ArtifactApi.decodeSegment(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void entry_shouldRefuseAMalformedId_beforeReadingTheIndex() {
    assertThatThrownBy(() -> query.entry("bad\u0000id")).isInstanceOf(InvalidIdException.class);
    assertThat(query.entry("order-1").orElseThrow().version()).isEqualTo(5);
  }

  @Test
  void versions_shouldReadNoTailBeyondTheLastVersionAsked_andNothingForNone() {
    assertThat(query.versions(chain.location(), 0)).isEmpty();
    assertThat(ranges).isEmpty();

    // each version: one head (it is under 16 KiB) and, only when an older one is wanted, a tail
    assertThat(query.versions(chain.location(), 1)).hasSize(1);
    assertThat(ranges).hasSize(1);
    ranges.clear();
    assertThat(query.versions(chain.location(), 2)).hasSize(2);
    assertThat(ranges).hasSize(3);
  }

  @Test
  void slice_shouldFetchDoublingRanges_from16KiBUpTo1MiB() {
    VersionedArtifacts big = new VersionedArtifacts(memory, index);
    big.add("hot", 1, T10, 60_000, "r");
    ranges.clear();

    assertThat(query.slice(big.location(), 50_000, 1).lines()).hasSize(1);

    assertThat(ranges.subList(0, 8))
        .containsExactly(
            16_384L, 32_768L, 65_536L, 131_072L, 262_144L, 524_288L, 1_048_576L, 1_048_576L);
  }

  @Test
  void slice_shouldEndAtTheLocationsLength_notReadTheBytesAfterIt() {
    // GIVEN a location cut short inside the artifact's lines; the store has the rest
    ArtifactLocation whole = chain.location();
    ArtifactLocation cut =
        new ArtifactLocation(whole.partFile(), whole.offset(), whole.length() / 2);

    // WHEN / THEN the page runs into the end of the location's bytes
    assertThatThrownBy(() -> query.slice(cut, 0, 1000))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(JsonEOFException.class);
  }

  @Test
  void previousOf_shouldReadALongerTail_whenThePreviousFieldStartsBeyondTheFirst() {
    // GIVEN a version whose previous location names a part-file of 5,000 characters
    ArtifactLocation far = new ArtifactLocation("state/" + "p".repeat(5000), 3, 9);
    byte[] bytes =
        CanonicalJson.encode(
            new ReconciliationArtifact(
                "k",
                2,
                T10,
                ArtifactStatus.OPEN,
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                1,
                T10,
                T10,
                List.<Line>of(VersionedArtifacts.line(2, 0, T10, "r")),
                far));
    memory.put("state/x.jsonl", bytes);
    ArtifactLocation at = new ArtifactLocation("state/x.jsonl", 0, bytes.length);

    // WHEN
    assertThat(query.previousOf(at)).contains(far);

    // THEN 4 KiB first, then 8 times as much (capped at the artifact's length)
    assertThat(ranges).containsExactly(4096L, Math.min(32_768L, bytes.length));
  }

  @Test
  void previousOf_shouldFail_whenTheBytesHoldNeitherAPreviousFieldNorTheEndOfLines() {
    memory.put("state/junk", "x".repeat(6000).getBytes(StandardCharsets.UTF_8));
    ArtifactLocation at = new ArtifactLocation("state/junk", 0, 6000);
    assertThatThrownBy(() -> query.previousOf(at))
        .isInstanceOf(ArtifactHeader.MalformedArtifactException.class)
        .hasMessageContaining("no previous field nor end of lines");
    assertThat(ranges).containsExactly(4096L, 6000L);
  }

  @Test
  void unreconciledReport_shouldListOldestFirstEventFirst_thenById() {
    // GIVEN three open artifacts, two with the same first event time, handed in no order
    VersionedArtifacts b = new VersionedArtifacts(memory, index);
    VersionedArtifacts a = new VersionedArtifacts(memory, index);
    VersionedArtifacts c = new VersionedArtifacts(memory, index);
    ReconciliationArtifact rb = b.add("b", 1, T11, 1, "r");
    ReconciliationArtifact ra = a.add("a", 1, T11, 1, "r");
    ReconciliationArtifact rc = c.add("c", 1, T10, 1, "r");

    // WHEN
    List<UnreconciledReport.Row> rows =
        UnreconciledReport.at(List.of(rb, ra, rc), T12, RulesConfig.DEFAULTS, query);

    // THEN
    assertThat(rows).extracting(r -> r.artifact().artifactId()).containsExactly("c", "a", "b");
    assertThat(rows).extracting(UnreconciledReport.Row::status).containsOnly(ArtifactStatus.OPEN);
  }
}
