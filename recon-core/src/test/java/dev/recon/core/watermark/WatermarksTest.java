package dev.recon.core.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatermarksTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static Event event(String id, String time, String source) {
    return new Event(
        id,
        "order-1",
        Instant.parse(time),
        "PAYMENT",
        Side.CREDIT,
        new BigDecimal("1.00"),
        "USD",
        source,
        null,
        null);
  }

  private static BatchSources sources(Object... sourceTimeEvents) {
    java.util.TreeMap<String, SourceStats> m = new java.util.TreeMap<>();
    for (int i = 0; i < sourceTimeEvents.length; i += 3) {
      m.put(
          (String) sourceTimeEvents[i],
          new SourceStats(
              Instant.parse((String) sourceTimeEvents[i + 1]), (Integer) sourceTimeEvents[i + 2]));
    }
    return new BatchSources(m);
  }

  @Test
  void of_shouldTakePerSourceTheLatestEventTimeAndCount_withNoSourceUnderTheEmptyName() {
    BatchSources b =
        BatchSources.of(
            List.of(
                event("e1", "2026-11-22T10:00:00Z", "psp"),
                event("e2", "2026-11-22T12:30:00Z", "psp"),
                event("e3", "2026-11-22T11:00:00Z", "psp"),
                event("e4", "2026-11-22T09:00:00.5Z", "erp"),
                event("e5", "2026-11-21T23:00:00Z", null)));
    assertThat(b.bySource())
        .containsExactly(
            Map.entry("", new SourceStats(Instant.parse("2026-11-21T23:00:00Z"), 1)),
            Map.entry("erp", new SourceStats(Instant.parse("2026-11-22T09:00:00.5Z"), 1)),
            Map.entry("psp", new SourceStats(Instant.parse("2026-11-22T12:30:00Z"), 3)));
  }

  @Test
  void plus_shouldAddPartitionsOfOneBatch_maxOfTimesSumOfCounts() {
    BatchSources a = sources("psp", "2026-11-22T10:00:00Z", 2, "erp", "2026-11-22T08:00:00Z", 1);
    BatchSources b = sources("psp", "2026-11-22T09:00:00Z", 5);
    assertThat(a.plus(b))
        .isEqualTo(sources("psp", "2026-11-22T10:00:00Z", 7, "erp", "2026-11-22T08:00:00Z", 1));
    assertThat(b.plus(a)).isEqualTo(a.plus(b));
  }

  @Test
  void encode_shouldRoundTripStably_evenForSourcesWithSpacesUnicodeOrNoName() {
    BatchSources b =
        sources(
            "",
            "2026-11-22T10:00:00Z",
            1,
            "bank feed é",
            "2026-11-22T10:00:00.123456789Z",
            42,
            "psp",
            "2026-11-22T11:00:00Z",
            3);
    String text = b.encode();
    assertThat(text)
        .isEqualTo(
            "2026-11-22T10:00:00Z\t1\t\n"
                + "2026-11-22T10:00:00.123456789Z\t42\tbank feed é\n"
                + "2026-11-22T11:00:00Z\t3\tpsp\n");
    assertThat(BatchSources.decode(text)).isEqualTo(b);
    assertThat(BatchSources.decode(null)).isEqualTo(BatchSources.NONE);
    assertThat(BatchSources.decode("")).isEqualTo(BatchSources.NONE);
    assertThatThrownBy(() -> BatchSources.decode("nonsense\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void check_shouldCoverT_onlyWhenEverySourcesWatermarkReachesIt() {
    // GIVEN psp seen up to 12:00 and erp up to 10:30 over two batches, lateness 1h
    Watermarks w =
        Watermarks.empty()
            .with(1, sources("psp", "2026-11-22T11:00:00Z", 4, "erp", "2026-11-22T10:30:00Z", 2))
            .with(2, sources("psp", "2026-11-22T12:00:00Z", 3));

    // WHEN 09:30 is checked / THEN both watermarks (11:00, 09:30) cover it
    WatermarkCheck early = w.check(Instant.parse("2026-11-22T09:30:00Z"), HOUR, null);
    assertThat(early.covered()).isTrue();
    assertThat(early.sources())
        .extracting(
            SourceWatermark::source,
            SourceWatermark::watermark,
            SourceWatermark::events,
            SourceWatermark::batches)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "erp", Instant.parse("2026-11-22T09:30:00Z"), 2L, 1),
            org.assertj.core.groups.Tuple.tuple(
                "psp", Instant.parse("2026-11-22T11:00:00Z"), 7L, 2));

    // WHEN 10:00 is checked / THEN erp holds it back, but psp alone covers it
    Instant ten = Instant.parse("2026-11-22T10:00:00Z");
    assertThat(w.check(ten, HOUR, null).covered()).isFalse();
    assertThat(w.check(ten, HOUR, null).sources())
        .filteredOn(s -> !s.covers(ten))
        .extracting(SourceWatermark::source)
        .containsExactly("erp");
    WatermarkCheck psp = w.check(ten, HOUR, "psp");
    assertThat(psp.covered()).isTrue();
    assertThat(psp.sources()).extracting(SourceWatermark::source).containsExactly("psp");
    // AND with no lateness erp covers 10:00 too (exactly at the boundary counts)
    assertThat(w.check(Instant.parse("2026-11-22T10:30:00Z"), Duration.ZERO, null).covered())
        .isTrue();
    assertThat(
            w.check(Instant.parse("2026-11-22T10:30:00.000000001Z"), Duration.ZERO, null).covered())
        .isFalse();
  }

  @Test
  void check_shouldCoverNothing_whenNoSourceOrAnUnknownSourceIsAskedAbout() {
    Instant t = Instant.parse("2000-01-01T00:00:00Z");
    assertThat(Watermarks.empty().check(t, HOUR, null).covered()).isFalse();
    WatermarkCheck unknown =
        Watermarks.empty().with(1, sources("psp", "2026-11-22T11:00:00Z", 1)).check(t, HOUR, "erp");
    assertThat(unknown.covered()).isFalse();
    assertThat(unknown.unknownSource()).isTrue();
    assertThat(unknown.sources()).isEmpty();
  }

  @Test
  void requireAllowedLateness_shouldRefuseNegativeOrHugeValues() {
    assertThat(Watermarks.requireAllowedLateness(Duration.ZERO)).isZero();
    assertThatThrownBy(() -> Watermarks.requireAllowedLateness(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed lateness");
    assertThatThrownBy(() -> Watermarks.requireAllowedLateness(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Watermarks.empty().check(Instant.EPOCH, Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
