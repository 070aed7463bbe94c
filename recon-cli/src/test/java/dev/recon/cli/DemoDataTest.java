package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private final DemoData data = new DemoData(7, Instant.parse("2026-11-22T00:00:00Z"), 4, 300, 500);

  @Test
  void expected_shouldEqualASumOverTheDistinctValidLinesItWrote() {
    // GIVEN every line the demo writes, validated like the reducer does
    EventValidator validator = new EventValidator(RulesConfig.DEFAULTS);
    Map<String, Event> distinct = new HashMap<>();
    int bad = 0;
    int duplicates = 0;
    for (List<String> batch : data.lines) {
      for (String line : batch) {
        LineVerdict v = validator.validate("demo", 1, line);
        if (!v.accepted()) {
          bad++;
        } else if (distinct.putIfAbsent(v.event().eventId(), v.event()) != null) {
          duplicates++;
        }
      }
    }
    // WHEN summed independently
    Map<String, Map<String, BigDecimal>> sums = new TreeMap<>();
    for (Event e : distinct.values()) {
      sums.computeIfAbsent(e.artifactId(), k -> new TreeMap<>())
          .merge(
              e.currency(),
              e.side() == Side.DEBIT ? e.amount() : e.amount().negate(),
              BigDecimal::add);
    }
    // THEN the generator's own expectation agrees, and the mess is really there
    assertThat(sums.keySet()).isEqualTo(data.expected.keySet());
    sums.forEach(
        (k, m) ->
            m.forEach((c, b) -> assertThat(data.expected.get(k).get(c)).isEqualByComparingTo(b)));
    assertThat(bad).isEqualTo(data.bad).isPositive();
    assertThat(duplicates).isEqualTo(data.resent).isPositive();
    assertThat(distinct).hasSize(data.events);
    assertThat(data.expected).containsKey(DemoData.HOT_KEY);
    assertThat(data.expected.values()).anyMatch(m -> m.size() > 1);
  }

  @Test
  void lines_shouldIncludeLateEvents_arrivingAfterTheirWindow() {
    EventValidator validator = new EventValidator(RulesConfig.DEFAULTS);
    long late = 0;
    for (int b = 1; b < data.batches; b++) {
      for (String line : data.lines.get(b)) {
        LineVerdict v = validator.validate("demo", 1, line);
        if (v.accepted() && v.event().eventTime().isBefore(data.windowStart(b))) {
          late++;
        }
      }
    }
    assertThat(late).isGreaterThan(10);
  }
}
