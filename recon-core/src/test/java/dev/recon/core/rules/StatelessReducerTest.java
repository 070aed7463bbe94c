package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.testing.EventGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StatelessReducerTest {

  @Property(tries = 50)
  void reduce_shouldEncodeIdentically_whenEventsArriveInAnyOrder(@ForAll long seed) {
    List<Event> events = new EventGenerator(seed).events(120, 1);
    List<Event> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(seed ^ 7));
    byte[] a = CanonicalJson.encode(StatelessReducer.reduce("order-0", 3, events));
    byte[] b = CanonicalJson.encode(StatelessReducer.reduce("order-0", 3, shuffled));
    assertThat(b).isEqualTo(a);
  }

  @Property(tries = 50)
  void reduce_shouldTotalEachSideAndCurrency_likeAnIndependentSum(@ForAll long seed) {
    List<Event> events = new EventGenerator(seed).events(150, 1);
    StatelessArtifact s = StatelessReducer.reduce("order-0", 1, events);
    for (String c : events.stream().map(Event::currency).collect(Collectors.toSet())) {
      BigDecimal debit = BigDecimal.ZERO;
      BigDecimal credit = BigDecimal.ZERO;
      for (Event e : events) {
        if (e.currency().equals(c)) {
          if (e.side() == Side.DEBIT) {
            debit = debit.add(e.amount());
          } else {
            credit = credit.add(e.amount());
          }
        }
      }
      assertThat(s.debits().getOrDefault(c, BigDecimal.ZERO)).isEqualByComparingTo(debit);
      assertThat(s.credits().getOrDefault(c, BigDecimal.ZERO)).isEqualByComparingTo(credit);
    }
    assertThat(s.events()).hasSize(events.size()).isSortedAccordingTo(Event.ORDER);
  }

  @Test
  void reduce_shouldRefuse_whenEventsAreNotDistinct() {
    Event e = new EventGenerator(1).event("order-0");
    assertThatThrownBy(() -> StatelessReducer.reduce("order-0", 1, List.of(e, e)))
        .hasMessageContaining("distinct");
  }

  @Test
  void reduce_shouldRefuse_whenAnEventBelongsToAnotherKey() {
    Event e = new EventGenerator(1).event("order-9");
    assertThatThrownBy(() -> StatelessReducer.reduce("order-0", 1, List.of(e)))
        .hasMessageContaining("belongs to");
  }
}
