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
  void resolve_shouldGiveOneContentWithEveryCopy_whenCopiesAreIdentical() {
    var r = DuplicateResolver.resolve(List.of(e, e, e), Function.identity());
    assertThat(r).hasSize(1);
    assertThat(r.get(0).event()).isEqualTo(e);
    assertThat(r.get(0).duplicates()).isEqualTo(2);
  }

  @Test
  void resolve_shouldKeepContentsInOrderOfFirstAppearance_whenCopiesDiffer() {
    // GIVEN copies that differ in one field each, after a first copy
    Event amount =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount().add(BigDecimal.ONE),
            e.currency(),
            e.source(),
            e.reference(),
            e.attributes());
    Event time =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime().plusSeconds(1),
            e.type(),
            e.side(),
            e.amount(),
            e.currency(),
            e.source(),
            e.reference(),
            e.attributes());
    Event reference =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount(),
            e.currency(),
            e.source(),
            e.reference() + "x",
            e.attributes());
    Event attributes =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount(),
            e.currency(),
            e.source(),
            e.reference(),
            new java.util.TreeMap<>(java.util.Map.of("k", "v")));

    // WHEN they are resolved in input order
    var r =
        DuplicateResolver.resolve(
            List.of(e, amount, e, time, reference, attributes, amount), Function.identity());

    // THEN the first content leads with its identical copy; every other content follows once, in
    // order
    assertThat(r)
        .extracting(DuplicateResolver.Content::event)
        .containsExactly(e, amount, time, reference, attributes);
    assertThat(r.get(0).copies()).containsExactly(e, e);
    assertThat(r.get(1).copies()).containsExactly(amount, amount);
    assertThat(r)
        .extracting(DuplicateResolver.Content::duplicates)
        .containsExactly(1L, 1L, 0L, 0L, 0L);
  }

  @Test
  void resolve_shouldLeadWithTheFirstCopy_whicheverContentItHas() {
    Event other =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount().add(BigDecimal.ONE),
            e.currency(),
            e.source(),
            e.reference(),
            e.attributes());
    var r = DuplicateResolver.resolve(List.of(other, e, other), Function.identity());
    assertThat(r).extracting(DuplicateResolver.Content::event).containsExactly(other, e);
  }

  @Test
  void resolve_shouldRefuse_whenCopiesAreOfDifferentEvents() {
    Event elsewhere =
        new Event(
            e.eventId(),
            e.artifactId() + "-x",
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount(),
            e.currency(),
            e.source(),
            e.reference(),
            e.attributes());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DuplicateResolver.resolve(List.of(e, elsewhere), Function.identity()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolve_shouldTreatEqualAmountsWrittenDifferentlyAsIdentical() {
    Event padded =
        new Event(
            e.eventId(),
            e.artifactId(),
            e.eventTime(),
            e.type(),
            e.side(),
            e.amount().setScale(6),
            e.currency(),
            e.source(),
            e.reference(),
            e.attributes());
    assertThat(DuplicateResolver.resolve(List.of(e, padded), Function.identity()))
        .singleElement()
        .extracting(DuplicateResolver.Content::duplicates)
        .isEqualTo(1L);
  }
}
