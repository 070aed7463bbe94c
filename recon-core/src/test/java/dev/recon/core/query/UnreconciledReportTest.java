package dev.recon.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code recon report --as-of T}: each artifact as it stood at T (aging threshold 30 days). */
class UnreconciledReportTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ArtifactQuery query =
      new ArtifactQuery(new InMemoryArtifactIndex(), store, null, 128);
  private final ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
  private ReconciliationArtifact settled;
  private ReconciliationArtifact late;
  private int nextEvent;

  /**
   * "settles": 10 EUR charged on 1 Sep (version 1, as of 1 Oct), paid on 20 Nov (version 2, as of
   * 22 Nov, reconciled). "late": one version, as of 22 Nov, charged on 15 Sep (it arrived late).
   */
  @BeforeEach
  void twoArtifacts() {
    ReconciliationArtifact settles1 =
        merger
            .merge(
                null,
                null,
                List.of(
                    StatelessReducer.reduce(
                        "settles",
                        1,
                        List.of(event("settles", "2026-09-01T10:00:00Z", Side.DEBIT)))),
                1,
                Instant.parse("2026-10-01T00:00:00Z"))
            .artifact();
    ArtifactLocation at1 = write("state/0000000001/part-00000.jsonl", settles1);
    settled =
        merger
            .merge(
                settles1,
                at1,
                List.of(
                    StatelessReducer.reduce(
                        "settles",
                        2,
                        List.of(event("settles", "2026-11-20T10:00:00Z", Side.CREDIT)))),
                2,
                Instant.parse("2026-11-22T00:00:00Z"))
            .artifact();
    write("state/0000000002/part-00000.jsonl", settled);
    late =
        merger
            .merge(
                null,
                null,
                List.of(
                    StatelessReducer.reduce(
                        "late", 2, List.of(event("late", "2026-09-15T10:00:00Z", Side.DEBIT)))),
                2,
                Instant.parse("2026-11-22T00:00:00Z"))
            .artifact();
    assertThat(settled.status()).isEqualTo(ArtifactStatus.RECONCILED);
    assertThat(late.status()).isEqualTo(ArtifactStatus.AGED);
  }

  private Event event(String id, String time, Side side) {
    return new Event(
        "evt-" + (nextEvent++),
        id,
        Instant.parse(time),
        "charge",
        side,
        new BigDecimal("10.00"),
        "EUR",
        "billing",
        null,
        new TreeMap<>());
  }

  private ArtifactLocation write(String key, ReconciliationArtifact a) {
    byte[] bytes = CanonicalJson.encode(a);
    store.put(key, bytes);
    return new ArtifactLocation(key, 0, bytes.length);
  }

  private List<String> report(String at) {
    return UnreconciledReport.at(
            List.of(late, settled), Instant.parse(at), RulesConfig.DEFAULTS, query)
        .stream()
        .map(r -> r.artifact().artifactId() + " v" + r.artifact().version() + " " + r.status())
        .toList();
  }

  @Test
  void at_shouldLeaveOutArtifactsThatDidNotExistYet_whenTIsBeforeEveryVersion() {
    // 10 Sep: before "late"'s first event and before any version of either (used to list "late"
    // AGED)
    assertThat(report("2026-09-10T00:00:00Z")).isEmpty();
  }

  @Test
  void at_shouldTakeTheVersionCurrentAtT_whenALaterVersionExists() {
    // 15 Oct: "settles" was version 1 then (open since 1 Sep: aged), "late" did not exist yet
    assertThat(report("2026-10-15T00:00:00Z")).containsExactly("settles v1 AGED");
    // 1 Oct exactly: version 1's as-of is the cut-off itself; 30 days after 1 Sep, not yet aged
    assertThat(report("2026-10-01T00:00:00Z")).containsExactly("settles v1 OPEN");
  }

  @Test
  void at_shouldEvaluateTheCurrentVersionsAtT_whenTIsAfterThem() {
    assertThat(report("2026-12-31T00:00:00Z")).containsExactly("late v2 AGED");
    assertThat(report("2026-11-22T00:00:00Z")).containsExactly("late v2 AGED");
    // the walk reads version 1 of "settles" through its previous location (one ranged GET)
    long before = store.gets.get();
    report("2026-10-15T00:00:00Z");
    assertThat(store.gets.get() - before).isEqualTo(1);
  }
}
