package dev.recon.core.match;

import static dev.recon.core.match.MatcherTest.T0;
import static dev.recon.core.match.MatcherTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenItemsTest {
  private static List<String> ids(List<SettlingLine> l) {
    return l.stream().map(SettlingLine::eventId).toList();
  }

  @Test
  void byAmount_shouldQueryAmountRangeAndWindow() {
    OpenItems o =
        new OpenItems(
            List.of(
                pay("p1", "A1", "9.99"),
                pay("p2", "A2", "10.0"),
                pay("p3", "A3", "10.01"),
                pay("p4", "A4", "10.00", "EUR", T0.plus(Duration.ofDays(3)), ""),
                pay("p5", "A5", "10.00", "USD", T0, "")));
    BigDecimal ten = new BigDecimal("10.00");
    assertThat(ids(o.byAmount("EUR", ten, ten, T0, Duration.ofDays(1)))).containsExactly("p2");
    assertThat(ids(o.byAmount("EUR", ten, ten, T0, Duration.ofDays(3))))
        .containsExactly("p2", "p4");
    assertThat(ids(o.byAmount("EUR", new BigDecimal("9.99"), ten, T0, Duration.ZERO)))
        .containsExactly("p1", "p2");
    assertThat(o.byAmount("GBP", ten, ten, T0, Duration.ofDays(9))).isEmpty();
  }

  @Test
  void remove_shouldLeaveNoTraceInAnyIndex() {
    OpenItems o = new OpenItems();
    o.add(pay("p1", "order-1", "5.00", "EUR", T0, "R1"));
    o.add(pay("p2", "order-1", "5.00", "EUR", T0, "R1"));
    assertThat(ids(o.byArtifactIdIn("x order-1 y"))).containsExactly("p1", "p2");
    assertThat(o.remove("p1")).isTrue();
    assertThat(o.remove("p1")).isFalse();
    assertThat(ids(o.byArtifactIdIn("order-1"))).containsExactly("p2");
    assertThat(ids(o.byReference("R1"))).containsExactly("p2");
    o.remove("p2");
    assertThat(o.size()).isZero();
    assertThat(o.byArtifactIdIn("order-1")).isEmpty();
    assertThat(o.byReference("R1")).isEmpty();
    BigDecimal five = new BigDecimal("5.00");
    assertThat(o.byAmount("EUR", five, five, T0, Duration.ZERO)).isEmpty();
    assertThat(o.byAmount("EUR", BigDecimal.ONE, BigDecimal.TEN, T0, Duration.ZERO)).isEmpty();
    assertThat(o.ofArtifact("order-1")).isEmpty();
    // and adding again works: the line is found once, in every index
    o.add(pay("p1", "order-1", "5.00", "EUR", T0, "R1"));
    assertThat(ids(o.byArtifactIdIn("order-1"))).containsExactly("p1");
    assertThat(ids(o.byArtifactIdIn("order-1 order-1"))).containsExactly("p1");
    assertThat(ids(o.byReference("R1"))).containsExactly("p1");
    assertThat(ids(o.byAmount("EUR", five, five, T0, Duration.ZERO))).containsExactly("p1");
    assertThat(ids(o.byAmount("EUR", BigDecimal.ONE, BigDecimal.TEN, T0, Duration.ZERO)))
        .containsExactly("p1");
  }

  @Test
  void rangeIndex_shouldSeeLinesAddedAfterItWasBuilt() {
    OpenItems o = new OpenItems(List.of(pay("p1", "A1", "10.00")));
    BigDecimal lo = new BigDecimal("9");
    BigDecimal hi = new BigDecimal("11");
    assertThat(ids(o.byAmount("EUR", lo, hi, T0, Duration.ZERO))).containsExactly("p1");
    o.add(pay("p2", "A2", "10.5"));
    o.add(pay("p3", "A3", "10.00", "EUR", T0.minusSeconds(1), ""));
    assertThat(ids(o.byAmount("EUR", lo, hi, T0, Duration.ZERO))).containsExactly("p1", "p2");
    assertThat(ids(o.byAmount("EUR", lo, hi, T0, Duration.ofSeconds(1))))
        .containsExactly("p1", "p2", "p3");
  }

  @Test
  void probes_shouldCountTheWorkOfAQueryAndNotTheOtherOpenLines() {
    BigDecimal ten = new BigDecimal("10.00");
    long[] work = new long[2];
    for (int k = 0; k < 2; k++) {
      OpenItems o = new OpenItems();
      o.add(pay("p1", "order-1", "10.00", "EUR", T0, "R1"));
      o.add(pay("p2", "order-1", "10.0", "EUR", T0.plusSeconds(60), "R1"));
      for (int i = 0; i < (k == 0 ? 10 : 10_000); i++) { // other amounts, ids of length 7, refs
        String id = String.format(java.util.Locale.ROOT, "b%06d", i);
        o.add(pay("x" + i, id, "2" + i + ".00", "EUR", T0, "Q" + i));
      }
      long before = o.probes();
      assertThat(o.byAmount("EUR", ten, ten, T0, Duration.ZERO)).hasSize(1);
      assertThat(o.byArtifactIdIn("paid order-1")).hasSize(2);
      assertThat(o.byReference("R1")).hasSize(2);
      work[k] = o.probes() - before;
    }
    // exact amount: 1 look-up + 2 binary-search steps + 1 entry in the window; ids of length 7
    // between word boundaries of "paid order-1": " order-" and "order-1", 2 look-ups + 2 entries;
    // the reference: 1 look-up + 2 entries
    assertThat(work[0]).isEqualTo(4 + 4 + 3).isEqualTo(work[1]);
  }

  @Test
  void removedLines_shouldNotGrowTheIndexesBeyondTwiceTheOpenLines() {
    OpenItems o = new OpenItems();
    o.add(pay("keep", "K", "1.00"));
    for (int i = 0; i < 10 * OpenItems.SLACK; i++) {
      o.add(pay("p" + i, "A" + (i % 7), "2.00", "EUR", T0.plusSeconds(i % 5), ""));
      assertThat(o.remove("p" + i)).isTrue();
      assertThat(o.indexed()).isLessThanOrEqualTo(2 * o.size() + OpenItems.SLACK + 1);
    }
    assertThat(o.size()).isEqualTo(1);
    assertThat(ids(o.byAmount("EUR", BigDecimal.ONE, BigDecimal.TEN, T0, Duration.ofDays(1))))
        .containsExactly("keep");
    assertThat(o.ofArtifact("A3")).isEmpty();
  }

  @Test
  void byArtifactIdIn_shouldFindIdsOfEveryLengthAsWholeWords() {
    OpenItems o =
        new OpenItems(
            List.of(pay("p1", "A1", "1.00"), pay("p2", "A12", "1.00"), pay("p3", "B", "1.00")));
    assertThat(ids(o.byArtifactIdIn("A12"))).containsExactly("p2");
    assertThat(ids(o.byArtifactIdIn("A12/A1"))).containsExactly("p1", "p2");
    assertThat(ids(o.byArtifactIdIn("x-A1-x"))).containsExactly("p1");
    assertThat(o.byArtifactIdIn("xA1x")).isEmpty();
    assertThat(ids(o.byArtifactIdIn("B"))).containsExactly("p3");
    assertThat(o.byArtifactIdIn("")).isEmpty();
    assertThat(o.byArtifactIdIn("a12")).isEmpty();
  }

  @Test
  void add_shouldRefuseASecondLineWithTheSameEventId() {
    OpenItems o = new OpenItems(List.of(pay("p1", "A1", "1.00")));
    assertThatThrownBy(() -> o.add(pay("p1", "A2", "2.00")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(o.get("p1").artifactId()).isEqualTo("A1");
  }
}
