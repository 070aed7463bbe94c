package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.Event;
import dev.recon.core.testing.EventGenerator;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DuplicateResolverTest {
  private final Event e = new EventGenerator(3).event("order-1");

  @Test
  void resolve_shouldAcceptOneAndCountTheRest_whenCopiesAreIdentical() {
    var r = DuplicateResolver.resolve(List.of(e, e, e), Function.identity());
    assertThat(r.accepted()).isEqualTo(e);
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.conflicting()).isEmpty();
  }

  @Test
  void resolve_shouldQuarantineEveryCopy_whenCopiesDiffer_inAnyOrder() {
    Event other = new Event(e.eventId(), e.artifactId(), e.eventTime(), e.type(), e.side(),
        e.amount().add(BigDecimal.ONE), e.currency(), e.source(), e.reference(), e.attributes());
    for (List<Event> copies : List.of(List.of(e, other, e), List.of(other, e))) {
      var r = DuplicateResolver.resolve(copies, Function.identity());
      assertThat(r.accepted()).isNull();
      assertThat(r.duplicates()).isZero();
      assertThat(r.conflicting()).hasSize(copies.size());
    }
  }

  @Test
  void resolve_shouldTreatEqualAmountsWrittenDifferentlyAsIdentical() {
    Event padded = new Event(e.eventId(), e.artifactId(), e.eventTime(), e.type(), e.side(),
        e.amount().setScale(6), e.currency(), e.source(), e.reference(), e.attributes());
    assertThat(DuplicateResolver.resolve(List.of(e, padded), Function.identity()).duplicates()).isEqualTo(1);
  }
}
