package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.testing.InMemoryObjectStore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateManifestTest {

  /** Bytes the stateful processor's writer produced before the codec moved to the core. */
  private static final String WRITTEN =
      "{\"batch\":7,\"statelessFrom\":9,\"statelessTo\":10,\"indexedThrough\":5,\"asOf\":\"2026-11-22T11:00:00Z\","
          + "\"parts\":8,\"heavyKeyBytes\":67108864,\"heavyKeys\":[\"shipment-1\",\"caf\u00e9 \\\"q\\\"\"],"
          + "\"counts\":{\"applied\":10,\"artifacts\":4,\"bytes\":390,\"duplicates\":1,\"events\":12,\"heavyKeys\":1,"
          + "\"keys\":4,\"parts\":1,\"quarantined\":1},"
          + "\"files\":[{\"key\":\"state/0000000007/part-00000.jsonl\",\"records\":3,\"bytes\":300,"
          + "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}],"
          + "\"quarantine\":[{\"key\":\"quarantine/state-0000000007/part-00003.jsonl\",\"records\":1,\"bytes\":90,"
          + "\"sha256\":\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\"}]}";

  private static final String WRITTEN_EMPTY =
      "{\"batch\":1,\"statelessFrom\":1,\"statelessTo\":1,\"indexedThrough\":0,\"asOf\":\"2026-11-22T10:00:00.123Z\","
          + "\"parts\":2,\"heavyKeyBytes\":0,\"heavyKeys\":[],\"counts\":{},\"files\":[],\"quarantine\":[]}";

  @Test
  void fromJson_shouldReturnAnEqualManifest_whenEncoded() {
    // GIVEN
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put("applied", 10L);
    counts.put("keys", 4L);
    StateManifest m =
        new StateManifest(
            7,
            9,
            10,
            5,
            Instant.parse("2026-11-22T11:00:00Z"),
            8,
            1024,
            List.of("hot"),
            counts,
            List.of(new PartFileStats("state/0000000007/part-00000.jsonl", 3, 300, "ab")),
            List.of(
                new PartFileStats("quarantine/state-0000000007/part-00000.jsonl", 1, 90, "cd")));

    // WHEN
    byte[] json = m.toJson();

    // THEN
    assertThat(StateManifest.fromJson(json)).isEqualTo(m);
    assertThat(StateManifest.fromJson(json).toJson()).isEqualTo(json);
  }

  @Test
  void toJson_shouldWriteTheBytesOfTheFormerWriter_whenGivenItsManifest() {
    // GIVEN
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put("applied", 10L);
    counts.put("artifacts", 4L);
    counts.put("bytes", 390L);
    counts.put("duplicates", 1L);
    counts.put("events", 12L);
    counts.put("heavyKeys", 1L);
    counts.put("keys", 4L);
    counts.put("parts", 1L);
    counts.put("quarantined", 1L);
    StateManifest m =
        new StateManifest(
            7,
            9,
            10,
            5,
            Instant.parse("2026-11-22T11:00:00Z"),
            8,
            67108864L,
            List.of("shipment-1", "caf\u00e9 \"q\""),
            counts,
            List.of(
                new PartFileStats(
                    "state/0000000007/part-00000.jsonl",
                    3,
                    300,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
            List.of(
                new PartFileStats(
                    "quarantine/state-0000000007/part-00003.jsonl",
                    1,
                    90,
                    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")));

    // WHEN
    byte[] json = m.toJson();

    // THEN
    assertThat(json).isEqualTo(WRITTEN.getBytes(StandardCharsets.UTF_8));
    assertThat(StateManifest.fromJson(WRITTEN.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
  }

  @Test
  void fromJson_shouldReproduceTheFormerBytes_whenEverythingIsEmpty() {
    // GIVEN
    byte[] written = WRITTEN_EMPTY.getBytes(StandardCharsets.UTF_8);

    // WHEN
    StateManifest m = StateManifest.fromJson(written);

    // THEN
    assertThat(m.asOf()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
    assertThat(m.heavyKeys()).isEmpty();
    assertThat(m.files()).isEmpty();
    assertThat(m.toJson()).isEqualTo(written);
  }

  @Test
  void partFileKeys_shouldListTheFilesSorted_whenTheManifestIsPartial() {
    // GIVEN a manifest listing only file keys, as older readers accepted
    byte[] partial =
        ("{\"batch\":3,\"files\":[{\"key\":\"state/0000000003/part-00001.jsonl\"},"
                + "{\"key\":\"state/0000000003/part-00000.jsonl\",\"extra\":{\"x\":[1]}}],\"future\":[1,2]}")
            .getBytes(StandardCharsets.UTF_8);

    // WHEN
    StateManifest m = StateManifest.fromJson(partial);

    // THEN
    assertThat(m.batch()).isEqualTo(3);
    assertThat(m.asOf()).isNull();
    assertThat(m.quarantine()).isEmpty();
    assertThat(m.partFileKeys())
        .containsExactly("state/0000000003/part-00000.jsonl", "state/0000000003/part-00001.jsonl");
    assertThat(m.files().get(0))
        .isEqualTo(new PartFileStats("state/0000000003/part-00001.jsonl", 0, 0, ""));
  }

  private static StateManifest withFiles(List<PartFileStats> files, List<PartFileStats> quar) {
    return new StateManifest(
        7,
        9,
        10,
        5,
        Instant.parse("2026-11-22T11:00:00Z"),
        1,
        0,
        List.of(),
        new TreeMap<>(Map.of("applied", 10L)),
        files,
        quar);
  }

  @Test
  void read_shouldGiveTheManifestOfTheBatch_orEmptyWhileItIsNotProcessed() {
    // GIVEN batch 7 processed, batch 8 not
    InMemoryObjectStore store = new InMemoryObjectStore();
    StateManifest seven = withFiles(List.of(), List.of());
    store.put("state/0000000007/manifest.json", seven.toJson(), Map.of());

    // WHEN / THEN
    assertThat(StateManifest.read(store, 7)).contains(seven);
    assertThat(StateManifest.read(store, 8)).isEmpty();
  }

  @Test
  void count_shouldReadAMissingCountAsZero() {
    StateManifest m = withFiles(List.of(), List.of());

    assertThat(m.count("applied")).isEqualTo(10);
    assertThat(m.count("conflictingCopies")).isZero();
  }

  @Test
  void filesByKey_shouldListStateAndQuarantineFiles_byKey() {
    PartFileStats s1 = new PartFileStats("state/0000000007/part-00001.jsonl", 2, 20, "b");
    PartFileStats s0 = new PartFileStats("state/0000000007/part-00000.jsonl", 1, 10, "a");
    PartFileStats q = new PartFileStats("quarantine/state-0000000007/part-00003.jsonl", 1, 5, "q");

    Map<String, PartFileStats> byKey = withFiles(List.of(s1, s0), List.of(q)).filesByKey();

    assertThat(byKey)
        .containsExactly(Map.entry(q.key(), q), Map.entry(s0.key(), s0), Map.entry(s1.key(), s1));
  }

  @Test
  void fromJson_shouldSkipNestedValuesInCountsAndHeavyKeys_andGoOnReading() {
    // GIVEN a count and a heavy key that are no scalars, before the file list
    byte[] json =
        ("{\"batch\":7,\"counts\":{\"odd\":{\"x\":[1,2]},\"applied\":3},"
                + "\"heavyKeys\":[\"hot\",{\"x\":[\"no\"]},\"warm\"],"
                + "\"files\":[{\"key\":\"state/0000000007/part-00000.jsonl\",\"records\":3}]}")
            .getBytes(StandardCharsets.UTF_8);

    // WHEN
    StateManifest m = StateManifest.fromJson(json);

    // THEN
    assertThat(m.count("applied")).isEqualTo(3);
    assertThat(m.heavyKeys()).startsWith("hot").endsWith("warm").hasSize(3);
    assertThat(m.partFileKeys()).containsExactly("state/0000000007/part-00000.jsonl");
  }

  @Test
  void fromJson_shouldRefuse_whenTheBytesAreNoJsonObject() {
    assertThatThrownBy(() -> StateManifest.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("a state manifest is a JSON object");
  }

  @Test
  void fromJson_shouldSkipCountsOrHeavyKeysOfTheWrongShape_andStillReadTheFilesAfterThem() {
    // GIVEN manifests whose counts is a list, or whose heavyKeys is an object or a string
    String files = "\"files\":[{\"key\":\"state/0000000007/part-00000.jsonl\",\"records\":3}]";
    List<String> odd =
        List.of(
            "{\"batch\":7,\"counts\":[1,{\"a\":2}]," + files + "}",
            "{\"batch\":7,\"heavyKeys\":{\"hot\":1}," + files + "}",
            "{\"batch\":7,\"heavyKeys\":\"hot\",\"counts\":5," + files + "}");

    for (String json : odd) {
      // WHEN
      StateManifest m = StateManifest.fromJson(json.getBytes(StandardCharsets.UTF_8));

      // THEN the odd field is skipped like an unknown one: the file list is not lost
      assertThat(m.partFileKeys()).as(json).containsExactly("state/0000000007/part-00000.jsonl");
      assertThat(m.counts()).as(json).isEmpty();
      assertThat(m.heavyKeys()).as(json).isEmpty();
    }
  }
}
