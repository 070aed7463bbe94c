package dev.recon.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.ArtifactSlice;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.ForwardingObjectStore;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.VersionedArtifacts;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pages, version headers and as-of lookups read without decoding whole artifacts. */
class ArtifactVersionsTest {
  private static final Instant T10 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T11 = Instant.parse("2026-11-22T11:00:00Z");
  private static final Instant T12 = Instant.parse("2026-11-22T12:00:00Z");

  private final InMemoryObjectStore memory = new InMemoryObjectStore();
  private final AtomicLong bytesRead = new AtomicLong();
  private final ForwardingObjectStore store =
      new ForwardingObjectStore(memory) {
        @Override
        public byte[] getRange(String key, long offset, long length) {
          bytesRead.addAndGet(length);
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
    v1 = chain.add("order-1", 1, T10, 3, "plain");
    // a reference that looks like the previous field, inside a JSON string
    v2 = chain.add("order-1", 2, T11, 2, "x\",\"previous\":{\"partFile\":\"evil\",\"offset\":0}}");
    v3 = chain.add("order-1", 5, T12, 1, "last");
  }

  @Test
  void versions_shouldWalkHeadersNewestFirst_withEachVersionsCountsAndTheRightLocations() {
    var versions = query.versions(chain.location(), 10);

    assertThat(versions).extracting(v -> v.head().version()).containsExactly(5L, 2L, 1L);
    assertThat(versions).extracting(v -> v.head().lineCount()).containsExactly(6L, 5L, 3L);
    assertThat(versions).allSatisfy(v -> assertThat(v.head().lines()).isEmpty());
    assertThat(CanonicalJson.decodeArtifact(query.bytesAt(versions.get(2).location())))
        .isEqualTo(v1);
    assertThat(query.versions(chain.location(), 2)).hasSize(2);
  }

  @Test
  void versionAt_shouldBeTheNewestVersionWhoseAsOfIsAtOrBeforeT_andEmptyBeforeTheFirst() {
    assertThat(query.versionAt(chain.location(), T12.plusSeconds(1)).orElseThrow().head().version())
        .isEqualTo(5);
    assertThat(query.versionAt(chain.location(), T11).orElseThrow().head().version()).isEqualTo(2);
    assertThat(query.versionAt(chain.location(), T11.minusMillis(1)).orElseThrow().head().version())
        .isEqualTo(1);
    assertThat(query.versionAt(chain.location(), T10.minusMillis(1))).isEmpty();
  }

  @Test
  void readPage_shouldSkipAndTake_withTheHeaderOfTheWholeArtifact() {
    ArtifactSlice page = query.slice(chain.location(), 2, 3);

    assertThat(page.lines()).isEqualTo(v3.lines().subList(2, 5));
    assertThat(page.lineCount()).isEqualTo(6);
    assertThat(page.balances()).isEqualTo(v3.balances());
    assertThat(page.asOf()).isEqualTo(T12);
    assertThat(query.slice(chain.location(), 5, 100).lines()).hasSize(1);
    assertThat(query.slice(chain.location(), 6, 100).lines()).isEmpty();
  }

  @Test
  void asOfRoute_shouldAnswerThatVersionsStoredBytes_404BeforeTheFirst_400ForABadTime() {
    ArtifactApi.Response at11 =
        api.handle("GET", "/artifacts/order-1", "asOf=2026-11-22T11%3A30%3A00Z");
    assertThat(at11.status()).isEqualTo(200);
    assertThat(at11.body()).isEqualTo(CanonicalJson.encode(v2));

    ArtifactApi.Response before =
        api.handle("GET", "/artifacts/order-1", "asOf=2026-11-22T09:00:00Z");
    assertThat(before.status()).isEqualTo(404);
    assertThat(before.bodyText()).contains("did not exist yet at 2026-11-22T09:00:00Z");

    long reads = memory.rangeGets.get();
    assertThat(api.handle("GET", "/artifacts/order-1", "asOf=yesterday").status()).isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/order-1/history", "asOf=" + T11).status())
        .isEqualTo(400);
    assertThat(api.handle("GET", "/artifacts/nope", "asOf=" + T11).status()).isEqualTo(404);
    assertThat(memory.rangeGets.get())
        .as("no part-file read for refused requests")
        .isEqualTo(reads);
    assertThat(api.handle("GET", "/artifacts/order-1", "other=1").body())
        .isEqualTo(CanonicalJson.encode(v3));
  }

  @Test
  void firstPage_shouldReadAFewKilobytes_ofAHundredThousandLineArtifact() {
    VersionedArtifacts big = new VersionedArtifacts(memory, index);
    big.add("hot", 1, T10, 100_000, "r");
    bytesRead.set(0);

    ArtifactSlice page = query.slice(big.location(), 0, 100);
    long pageBytes = bytesRead.get();
    var versions = query.versions(big.location(), 10);

    assertThat(page.lines()).hasSize(100);
    assertThat(page.lineCount()).isEqualTo(100_000);
    assertThat(versions).hasSize(1);
    assertThat(pageBytes).isLessThan(64 * 1024);
    assertThat(big.location().length()).isGreaterThan(10_000_000L);
  }
}
