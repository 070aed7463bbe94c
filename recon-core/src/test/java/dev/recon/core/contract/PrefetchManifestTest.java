package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.testing.InMemoryObjectStore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrefetchManifestTest {

  @Test
  void fromJson_shouldGiveBackTheManifest_andTheSameBytes_whenItWasWrittenByToJson() {
    // GIVEN a manifest with counts and two part-files
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put("keys", 12L);
    counts.put("found", 7L);
    PrefetchManifest m =
        new PrefetchManifest(
            7,
            5,
            9,
            10,
            counts,
            List.of(
                new PartFileStats("prefetch/0000000007/part-00000.jsonl", 3, 456, "ab"),
                new PartFileStats("prefetch/0000000007/part-00001.jsonl", 0, 0, "cd")));

    // WHEN written and read back
    byte[] json = m.toJson();
    PrefetchManifest back = PrefetchManifest.fromJson(json);

    // THEN nothing is lost and the bytes are stable
    assertThat(back).isEqualTo(m);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"batch\":7,\"indexedThrough\":5,\"statelessFrom\":9,\"statelessTo\":10,"
                + "\"counts\":{\"found\":7,\"keys\":12},"
                + "\"files\":[{\"key\":\"prefetch/0000000007/part-00000.jsonl\",\"records\":3,\"bytes\":456,\"sha256\":\"ab\"},"
                + "{\"key\":\"prefetch/0000000007/part-00001.jsonl\",\"records\":0,\"bytes\":0,\"sha256\":\"cd\"}]}");
  }

  @Test
  void fromJson_shouldSkipUnknownFields_andReadMissingOnesAsZero_whenTheManifestIsOlderOrNewer() {
    // GIVEN a manifest with an unknown field and no counts
    byte[] json =
        "{\"batch\":3,\"extra\":{\"a\":[1,2]},\"statelessFrom\":1,\"statelessTo\":2,\"files\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    // WHEN read
    PrefetchManifest m = PrefetchManifest.fromJson(json);

    // THEN the known fields are read, the missing ones are 0 or empty
    assertThat(m).isEqualTo(new PrefetchManifest(3, 0, 1, 2, new TreeMap<>(), List.of()));
  }

  @Test
  void read_shouldGiveTheManifestOfTheBatch_orEmptyWhileItsPrefetchIsIncomplete() {
    // GIVEN prefetch 7 complete, prefetch 8 not
    InMemoryObjectStore store = new InMemoryObjectStore();
    PrefetchManifest seven = new PrefetchManifest(7, 5, 9, 10, new TreeMap<>(), List.of());
    store.put("prefetch/0000000007/manifest.json", seven.toJson(), Map.of());

    // WHEN / THEN
    assertThat(PrefetchManifest.read(store, 7)).contains(seven);
    assertThat(PrefetchManifest.read(store, 8)).isEmpty();
  }

  @Test
  void count_shouldReadAMissingCountAsZero() {
    PrefetchManifest m =
        new PrefetchManifest(7, 5, 9, 10, new TreeMap<>(Map.of("found", 7L)), List.of());

    assertThat(m.count("found")).isEqualTo(7);
    assertThat(m.count("cacheHits")).isZero();
  }

  @Test
  void fromJson_shouldSkipCountsThatAreNoObject_orNoNumber_andGoOnReading() {
    assertThat(
            PrefetchManifest.fromJson(
                "{\"counts\":[1,{\"a\":2}],\"batch\":3}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new PrefetchManifest(3, 0, 0, 0, new TreeMap<>(), List.of()));
    PrefetchManifest m =
        PrefetchManifest.fromJson(
            "{\"counts\":{\"odd\":{\"x\":[1]},\"keys\":2},\"batch\":4}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(m.count("keys")).isEqualTo(2);
    assertThat(m.batch()).isEqualTo(4);
  }

  @Test
  void fromJson_shouldRefuse_whenTheBytesAreNoJsonObject() {
    assertThatThrownBy(() -> PrefetchManifest.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("prefetch manifest is not a JSON object");
  }
}
