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

  @Test
  void problem_shouldRefuseEveryBlankButAnInnerAsciiSpace() {
    // an inner U+0020 stays allowed (the README's example id is "order 9F/2K")
    assertThat(Ids.problem("order 9F/2K", 128)).isEmpty();
    assertThat(Ids.problem(" order", 128)).get().asString().contains("blank");
    assertThat(Ids.problem("order ", 128)).get().asString().contains("blank");
    // NBSP (not Character.isWhitespace, so strip() kept it) leading, trailing or inside
    assertThat(Ids.problem("\u00A0order-1", 128)).isPresent();
    assertThat(Ids.problem("order-1\u00A0", 128)).isPresent();
    assertThat(Ids.problem("order\u00A01", 128)).get().asString().contains("U+00A0");
    // every other Unicode space and separator
    for (String s :
        new String[] {
          "\u2007", "\u202F", "\u3000", "\u2003", "\u1680", "\u2028", "\u2029", "\u0085"
        }) {
      assertThat(Ids.problem("a" + s + "b", 128)).as("U+%04X", (int) s.charAt(0)).isPresent();
    }
  }

  @Test
  void problem_shouldRefuseIdsThatAreNotNfc_insteadOfRewritingThem() {
    String nfc = "caf\u00e9";
    String nfd = "cafe\u0301";
    assertThat(Ids.problem(nfc, 128)).isEmpty();
    assertThat(Ids.problem(nfd, 128)).get().asString().contains("NFC");
    assertThat(Ids.problem("\u212B", 128)).as("ANGSTROM SIGN normalises to U+00C5").isPresent();
  }

  @Test
  void problem_shouldCountTheLengthInCodePoints() {
    String emoji = "\uD83D\uDE00";
    assertThat(Ids.problem(emoji.repeat(128), 128)).isEmpty();
    assertThat(Ids.problem(emoji.repeat(129), 128)).get().asString().contains("(129)");
    assertThat(Ids.problem("\u6771".repeat(128), 128)).isEmpty();
    assertThat(Ids.problem("a".repeat(129), 128)).get().asString().contains("(129)");
  }
}
