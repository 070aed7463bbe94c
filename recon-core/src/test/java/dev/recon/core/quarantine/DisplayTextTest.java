package dev.recon.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {
  @Test
  void escape_shouldShowControlAndFormatCharactersEscaped() {
    assertThat(DisplayText.escape("a\u0007b")).isEqualTo("a\\u0007b");
    assertThat(DisplayText.escape("\u001b[31mred\u001b[0m")).isEqualTo("\\u001b[31mred\\u001b[0m");
    assertThat(DisplayText.escape("tab\tnl\ncr\rdel\u007f"))
        .isEqualTo("tab\\u0009nl\\u000acr\\u000ddel\\u007f");
    assertThat(DisplayText.escape("\u009b2J")).isEqualTo("\\u009b2J"); // 8-bit CSI
    assertThat(DisplayText.escape("abc\u202Efed")).isEqualTo("abc\\u202efed"); // RTL override
    assertThat(DisplayText.escape("x\u2028y")).isEqualTo("x\\u2028y");
    assertThat(DisplayText.escape("lone\uD800")).isEqualTo("lone\\ud800");
    assertThat(DisplayText.escape("tag\uDB40\uDC01")).isEqualTo("tag\\udb40\\udc01");
  }

  @Test
  void escape_shouldKeepPrintableText_asItIs() {
    String text = "{\"eventId\":\"é-1\",\"amount\":\"12,40 €\",\"note\":\"日本 😀\\u0007\"}";
    assertThat(DisplayText.escape(text)).isSameAs(text);
    assertThat(DisplayText.escape(null)).isEmpty();
  }
}
