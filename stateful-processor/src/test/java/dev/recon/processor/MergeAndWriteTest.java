package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class MergeAndWriteTest {
  private final StatelessBatches gen = new StatelessBatches(5);
  private final KeyMerge merge = new KeyMerge(RulesConfig.DEFAULTS, 6, TestArtifacts.AS_OF);

  private List<Tuple2<ContributionKey, Contribution>> rows() {
    List<Contribution> cs = new ArrayList<>();
    // "b": prefetched v3 and in-flight v5 priors plus one stateless line
    ReconciliationArtifact b3 = TestArtifacts.artifact(gen, "b", 3, 1);
    ReconciliationArtifact b5 = TestArtifacts.artifact(gen, "b", 5, 2);
    cs.add(
        Contribution.prior(
            "b",
            3,
            "state/0000000003/part-00000.jsonl",
            0,
            CanonicalJson.encode(b3).length,
            Contribution.ORIGIN_PREFETCH,
            CanonicalJson.encode(b3)));
    cs.add(
        Contribution.prior(
            "b",
            5,
            "state/0000000005/part-00002.jsonl",
            40,
            CanonicalJson.encode(b5).length,
            Contribution.ORIGIN_IN_FLIGHT,
            CanonicalJson.encode(b5)));
    cs.add(stateless("b", 9, 2));
    // "a": new key, two stateless batches
    cs.add(stateless("a", 10, 1));
    cs.add(stateless("a", 9, 1));
    // "c": in-flight prior only (not in this batch)
    ReconciliationArtifact c5 = TestArtifacts.artifact(gen, "c", 5, 1);
    cs.add(
        Contribution.prior(
            "c",
            5,
            "state/0000000005/part-00000.jsonl",
            0,
            CanonicalJson.encode(c5).length,
            Contribution.ORIGIN_IN_FLIGHT,
            CanonicalJson.encode(c5)));
    List<Tuple2<ContributionKey, Contribution>> rows = new ArrayList<>();
    for (Contribution c : cs) {
      rows.add(new Tuple2<>(ContributionKey.of(2, c), c));
    }
    ContributionKey.Order order = new ContributionKey.Order();
    rows.sort((x, y) -> order.compare(x._1(), y._1()));
    return rows;
  }

  private Contribution stateless(String id, long s, int events) {
    List<Event> evs = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      evs.add(gen.event(id));
    }
    byte[] bytes = CanonicalJson.encode(StatelessReducer.reduce(id, s, evs));
    return Contribution.stateless(id, s, Layout.statelessArtifacts(s, 0), 1, 0, bytes);
  }

  @Test
  void run_shouldWriteChangedArtifactsInIdOrder_whenARouteIsMerged() {
    // GIVEN
    InMemoryObjectStore store = new InMemoryObjectStore();

    // WHEN
    List<Tuple2<ContributionKey, Contribution>> rows = rows();
    StatePartResult r =
        MergeAndWrite.run(2, 6, rows.iterator(), merge, PartCommitter.upload(store));

    // THEN state/6/part-00002.jsonl holds a then b, version 6, b on top of the in-flight v5
    String[] lines =
        new String(store.get(Layout.statePart(6, 2)), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    ReconciliationArtifact a =
        CanonicalJson.decodeArtifact(lines[0].getBytes(StandardCharsets.UTF_8));
    ReconciliationArtifact b =
        CanonicalJson.decodeArtifact(lines[1].getBytes(StandardCharsets.UTF_8));
    assertThat(a.artifactId()).isEqualTo("a");
    assertThat(a.lineCount()).isEqualTo(2);
    assertThat(b.lineCount()).isEqualTo(4);
    assertThat(b.previous().partFile()).isEqualTo("state/0000000005/part-00002.jsonl");
    assertThat(r.state().records()).isEqualTo(2);
    assertThat(r.counters().inFlightPriors).isEqualTo(1);
    assertThat(r.counters().newKeys).isEqualTo(1);
    assertThat(r.counters().priorOnlyKeys).isEqualTo(1);
    assertThat(r.quarantine()).isNull();
  }

  @Test
  void run_shouldUploadNothing_whenVerifyingAnIdenticalRerun() {
    // GIVEN a first run's committed stats
    List<Tuple2<ContributionKey, Contribution>> rows = rows();
    InMemoryObjectStore store = new InMemoryObjectStore();
    StatePartResult first =
        MergeAndWrite.run(2, 6, rows.iterator(), merge, PartCommitter.upload(store));
    long puts = store.puts.get();

    // WHEN the same rows are merged again against the committed stats
    StatePartResult again =
        MergeAndWrite.run(
            2,
            6,
            rows.iterator(),
            merge,
            PartCommitter.verify(Map.of(first.state().key(), first.state())));

    // THEN same bytes, nothing written
    assertThat(again.state()).isEqualTo(first.state());
    assertThat(store.puts.get()).isEqualTo(puts);
  }

  @Test
  void run_shouldFail_whenARerunDiffersFromTheCommittedFile() {
    // GIVEN committed stats that do not match
    PartFileStats other = new PartFileStats(Layout.statePart(6, 2), 2, 10, "00");

    // WHEN / THEN
    assertThatThrownBy(
            () ->
                MergeAndWrite.run(
                    2,
                    6,
                    rows().iterator(),
                    merge,
                    PartCommitter.verify(Map.of(other.key(), other))))
        .isInstanceOf(NonDeterministicRerunException.class);
  }
}
