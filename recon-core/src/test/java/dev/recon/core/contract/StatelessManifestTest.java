package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.SourceStats;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code stateless/<S>/manifest.json}, the commit marker of a stateless batch: its canonical bytes,
 * the readers' leniency and refusals, and the line balance it is written under.
 */
class StatelessManifestTest {
  private static final InputStat A = new InputStat("input/2026/11/22/07/a.jsonl", 100, 7, true);
  private static final InputStat B = new InputStat("input/2026/11/22/07/b.jsonl", 50, 1, false);
  private static final PartFile ARTIFACTS =
      new PartFile("stateless/0000000005/artifacts/part-00000.jsonl", 10, "aa", 3);
  private static final PartFile KEYS =
      new PartFile("stateless/0000000005/keys/part-00000.txt", 3, "bb", 3);
  private static final PartFile QUARANTINE =
      new PartFile("quarantine/0000000005/part-00000.jsonl", 20, "cc", 2);
  private static final PartFile EXTERNAL =
      new PartFile("stateless/0000000005/external/part-00000.jsonl", 30, "dd", 1);

  /** What the reducer writes for {@link #full()}, by hand from the format. */
  private static final String FULL =
      "{\"formatVersion\":1,\"statelessBatch\":5,\"partitions\":2,\"chunkEvents\":100,"
          + "\"counts\":{\"accepted\":5,\"duplicates\":1,\"external\":1,\"keys\":3,\"quarantined\":2,"
          + "\"quarantined.BAD_ID\":2,\"read\":8},"
          + "\"inputs\":[{\"key\":\"input/2026/11/22/07/a.jsonl\",\"bytes\":100,\"lines\":7,\"readable\":true},"
          + "{\"key\":\"input/2026/11/22/07/b.jsonl\",\"bytes\":50,\"lines\":1,\"readable\":false}],"
          + "\"sources\":[{\"source\":\"\",\"maxEventTime\":\"2026-11-21T23:00:00Z\",\"accepted\":1},"
          + "{\"source\":\"psp\",\"maxEventTime\":\"2026-11-22T10:00:00.250Z\",\"accepted\":4}],"
          + "\"artifacts\":[{\"key\":\"stateless/0000000005/artifacts/part-00000.jsonl\",\"bytes\":10,\"sha256\":\"aa\",\"records\":3}],"
          + "\"keys\":[{\"key\":\"stateless/0000000005/keys/part-00000.txt\",\"bytes\":3,\"sha256\":\"bb\",\"records\":3}],"
          + "\"quarantine\":[{\"key\":\"quarantine/0000000005/part-00000.jsonl\",\"bytes\":20,\"sha256\":\"cc\",\"records\":2}],"
          + "\"external\":[{\"key\":\"stateless/0000000005/external/part-00000.jsonl\",\"bytes\":30,\"sha256\":\"dd\",\"records\":1}]}\n";

  /** A batch without matching and without anything in it. */
  private static final String EMPTY =
      "{\"formatVersion\":1,\"statelessBatch\":1,\"partitions\":1,\"chunkEvents\":1,\"counts\":{},"
          + "\"inputs\":[],\"sources\":[],\"artifacts\":[],\"keys\":[],\"quarantine\":[]}\n";

  private static TreeMap<String, Long> counts(long read, long accepted, long dups, long quar) {
    TreeMap<String, Long> c = new TreeMap<>();
    c.put("read", read);
    c.put("accepted", accepted);
    c.put("duplicates", dups);
    c.put("quarantined", quar);
    return c;
  }

  private static StatelessManifest full() {
    TreeMap<String, Long> counts = counts(8, 5, 1, 2);
    counts.put("quarantined.BAD_ID", 2L);
    counts.put("keys", 3L);
    counts.put("external", 1L);
    BatchSources sources =
        new BatchSources(
            Map.of(
                "psp", new SourceStats(Instant.parse("2026-11-22T10:00:00.25Z"), 4),
                "", new SourceStats(Instant.parse("2026-11-21T23:00:00Z"), 1)));
    return new StatelessManifest(
        5,
        2,
        100,
        List.of(A, B),
        counts,
        List.of(ARTIFACTS),
        List.of(KEYS),
        List.of(QUARANTINE),
        sources,
        List.of(EXTERNAL));
  }

  private static StatelessManifest empty() {
    return new StatelessManifest(
        1, 1, 1, List.of(), new TreeMap<>(), List.of(), List.of(), List.of());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void encode_shouldWriteEveryFieldInItsFixedOrder_newlineTerminated() {
    assertThat(text(full().encode())).isEqualTo(FULL);
  }

  @Test
  void encode_shouldLeaveExternalOut_whenTheBatchHasNone() {
    assertThat(text(empty().encode())).isEqualTo(EMPTY);
  }

  @Test
  void decode_shouldGiveBackTheManifest_andItsVeryBytes() {
    // WHEN
    StatelessManifest back = StatelessManifest.decode(utf8(FULL));

    // THEN
    assertThat(back).isEqualTo(full());
    assertThat(back.statelessBatch()).isEqualTo(5);
    assertThat(back.partitions()).isEqualTo(2);
    assertThat(back.chunkEvents()).isEqualTo(100);
    assertThat(back.inputs()).containsExactly(A, B);
    assertThat(back.artifacts()).containsExactly(ARTIFACTS);
    assertThat(back.keys()).containsExactly(KEYS);
    assertThat(back.quarantine()).containsExactly(QUARANTINE);
    assertThat(back.external()).containsExactly(EXTERNAL);
    assertThat(back.sources().bySource())
        .containsEntry("psp", new SourceStats(Instant.parse("2026-11-22T10:00:00.25Z"), 4));
    assertThat(text(back.encode())).isEqualTo(FULL);
    assertThat(StatelessManifest.decode(utf8(EMPTY))).isEqualTo(empty());
  }

  @Test
  void decode_shouldSkipWhatItDoesNotKnow_andTakeFieldsInAnyOrder() {
    // GIVEN a newer writer's manifest: extra fields at the top and in the entries, another order
    String newer =
        "{\"written\":{\"by\":[\"reducer\",{\"v\":2}]},\"statelessBatch\":3,\"formatVersion\":1,"
            + "\"inputs\":[{\"readable\":false,\"lines\":1,\"tags\":{\"a\":[1]},\"bytes\":9,\"key\":\"input/x\"},"
            + "{\"key\":\"input/y\",\"bytes\":4,\"lines\":2,\"readable\":true,\"ratio\":0.5,\"none\":null}],"
            + "\"keys\":[{\"records\":1,\"sha256\":\"ee\",\"extra\":[1,[2]],\"bytes\":2,\"key\":\"k\"}],"
            + "\"counts\":{\"read\":3,\"accepted\":3}}";

    // WHEN
    StatelessManifest m = StatelessManifest.decode(utf8(newer));

    // THEN
    assertThat(m.statelessBatch()).isEqualTo(3);
    assertThat(m.partitions()).isZero();
    assertThat(m.inputs())
        .containsExactly(
            new InputStat("input/x", 9, 1, false), new InputStat("input/y", 4, 2, true));
    assertThat(m.keys()).containsExactly(new PartFile("k", 2, "ee", 1));
    assertThat(m.counts())
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("accepted", 3L, "read", 3L)));
    assertThat(m.artifacts()).isEmpty();
    assertThat(m.external()).isEmpty();
    assertThat(m.sources()).isEqualTo(BatchSources.NONE);
  }

  @Test
  void decode_shouldRefuse_whenTheFormatVersionIsMissingOrUnknown() {
    assertThatThrownBy(() -> StatelessManifest.decode(utf8("{\"statelessBatch\":1,\"counts\":{}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported manifest format version -1");
    assertThatThrownBy(
            () ->
                StatelessManifest.decode(
                    utf8(EMPTY.replace("\"formatVersion\":1", "\"formatVersion\":2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported manifest format version 2");
  }

  @Test
  void decode_shouldRefuse_whenAPartHasTheWrongShape() {
    String notManifest = "not a stateless manifest: ";
    assertThatThrownBy(() -> StatelessManifest.decode(utf8("[]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(notManifest + "expected START_OBJECT but found START_ARRAY");
    assertThatThrownBy(
            () -> StatelessManifest.decode(utf8(EMPTY.replace("\"counts\":{}", "\"counts\":[]"))))
        .hasMessage(notManifest + "expected START_OBJECT but found START_ARRAY");
    for (String list : List.of("inputs", "sources", "artifacts", "keys", "quarantine")) {
      assertThatThrownBy(
              () ->
                  StatelessManifest.decode(
                      utf8(EMPTY.replace("\"" + list + "\":[]", "\"" + list + "\":{}"))))
          .as(list)
          .hasMessage(notManifest + "expected START_ARRAY but found START_OBJECT");
    }
    assertThatThrownBy(
            () ->
                StatelessManifest.decode(
                    utf8(EMPTY.replace("\"quarantine\":[]", "\"quarantine\":[],\"external\":7"))))
        .hasMessage(notManifest + "expected START_ARRAY but found VALUE_NUMBER_INT");
  }

  @Test
  void decode_shouldRefuse_whenAnEntryLacksAFieldOrHasOneOfTheWrongType() {
    // an input without its size
    assertThatThrownBy(
            () ->
                StatelessManifest.decode(
                    utf8(
                        EMPTY.replace(
                            "\"inputs\":[]",
                            "\"inputs\":[{\"key\":\"input/a\",\"lines\":1,\"readable\":true}]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a stateless manifest: ")
        .hasCauseInstanceOf(NullPointerException.class);
    // a part-file whose size is a string
    assertThatThrownBy(
            () ->
                StatelessManifest.decode(
                    utf8(
                        EMPTY.replace(
                            "\"keys\":[]",
                            "\"keys\":[{\"key\":\"k\",\"bytes\":\"2\",\"sha256\":\"ee\",\"records\":1}]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasCauseInstanceOf(ClassCastException.class);
    // a source whose latest event time is no instant
    assertThatThrownBy(
            () ->
                StatelessManifest.decode(
                    utf8(
                        EMPTY.replace(
                            "\"sources\":[]",
                            "\"sources\":[{\"source\":\"psp\",\"maxEventTime\":\"yesterday\",\"accepted\":1}]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasCauseInstanceOf(DateTimeException.class);
    // bytes that are no JSON at all
    assertThatThrownBy(() -> StatelessManifest.decode(utf8("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a stateless manifest: ");
    assertThatThrownBy(() -> StatelessManifest.decode(null)).hasMessage("bytes");
  }

  @Test
  void new_shouldRefuseABatchBelowOne_andDefaultMissingSourcesAndExternals() {
    assertThatThrownBy(
            () ->
                new StatelessManifest(
                    0, 1, 1, List.of(), new TreeMap<>(), List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statelessBatch must be >= 1: 0");
    StatelessManifest m =
        new StatelessManifest(
            1, 1, 1, List.of(), new TreeMap<>(), List.of(), List.of(), List.of(), null, null);
    assertThat(m.sources()).isEqualTo(BatchSources.NONE);
    assertThat(m.external()).isEmpty();
    assertThat(m).isEqualTo(empty());
  }

  @Test
  void new_shouldKeepItsOwnCopies_ofWhatItWasGiven() {
    // GIVEN
    List<InputStat> inputs = new ArrayList<>(List.of(A));
    List<PartFile> artifacts = new ArrayList<>(List.of(ARTIFACTS));
    TreeMap<String, Long> counts = counts(7, 7, 0, 0);
    StatelessManifest m =
        new StatelessManifest(
            5, 1, 1, inputs, counts, artifacts, new ArrayList<>(), new ArrayList<>());

    // WHEN the caller changes its collections afterwards
    inputs.add(B);
    artifacts.clear();
    counts.put("read", 99L);

    // THEN the manifest still says what it said, and cannot be changed through its accessors
    assertThat(m.inputKeys()).containsExactly("input/2026/11/22/07/a.jsonl");
    assertThat(m.artifacts()).containsExactly(ARTIFACTS);
    assertThat(m.count("read")).isEqualTo(7);
    assertThatThrownBy(() -> m.counts().put("read", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void count_shouldReadAMissingCountAsZero() {
    assertThat(full().count("quarantined.BAD_ID")).isEqualTo(2);
    assertThat(full().count("quarantined.MALFORMED_JSON")).isZero();
  }

  @Test
  void balanced_shouldHold_onlyWhenEveryLineReadIsAcceptedDuplicateOrQuarantined() {
    assertThat(withCounts(counts(8, 5, 1, 2)).balanced()).isTrue();
    assertThat(withCounts(counts(9, 5, 1, 2)).balanced()).isFalse();
    assertThat(withCounts(counts(7, 5, 1, 2)).balanced()).isFalse();
    assertThat(withCounts(counts(6, 5, 1, 2)).balanced()).as("quarantined counted").isFalse();
    assertThat(withCounts(counts(7, 5, 0, 2)).balanced()).isTrue();
    assertThat(withCounts(new TreeMap<>(Map.of("read", 1L))).balanced()).isFalse();
  }

  private static StatelessManifest withCounts(TreeMap<String, Long> counts) {
    return new StatelessManifest(1, 1, 1, List.of(), counts, List.of(), List.of(), List.of());
  }

  @Test
  void inputKeysAndAllParts_shouldListInPlanAndFileKindOrder() {
    StatelessManifest m = full();

    assertThat(m.inputKeys())
        .containsExactly("input/2026/11/22/07/a.jsonl", "input/2026/11/22/07/b.jsonl");
    assertThat(m.allParts()).containsExactly(ARTIFACTS, KEYS, QUARANTINE, EXTERNAL);
    assertThat(empty().allParts()).isEmpty();
  }
}
