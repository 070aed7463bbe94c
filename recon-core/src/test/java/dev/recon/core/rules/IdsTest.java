package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void problem_shouldAcceptOrdinaryIds_andRefuseBadOnes() {
    assertThat(Ids.problem("order-9F2K", 128)).isEmpty();
    assertThat(Ids.problem("pedido-ñandú-東京", 128)).isEmpty();
    assertThat(Ids.problem("", 128)).isPresent();
    assertThat(Ids.problem("a".repeat(129), 128)).get().asString().contains("longer");
    assertThat(Ids.problem("a\tb", 128)).get().asString().contains("U+0009");
    assertThat(Ids.problem("a\u200Eb", 128)).isPresent();
    assertThat(Ids.problem("trailing ", 128)).isPresent();
  }
}
