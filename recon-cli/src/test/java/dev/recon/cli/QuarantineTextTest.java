package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.cli.quarantine.QuarantineBook;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code recon quarantine list} prints hostile raw text: never a raw control character. */
class QuarantineTextTest {
  private static final String HOSTILE =
      "{\"a\":\"\u001b]0;owned\u0007\u007f\u009b2J\u202eabc\u2028\"}";

  private static QuarantineBook.Entry entry(String raw, long rawLength) {
    QuarantineRecord q =
        new QuarantineRecord(
            "input/x\u001b.jsonl", 4, raw, rawLength, QuarantineReason.MALFORMED_JSON, "bad\u0007");
    return new QuarantineBook.Entry(
        dev.recon.core.model.BatchKind.STATELESS,
        3,
        2,
        q,
        List.of(new QuarantineBook.RedrivenBy("input/r.jsonl", 1, true)),
        new QuarantineBook.Replaces(1, 9));
  }

  @Test
  void text_shouldEscapeEveryControlAndFormatCharacter_andShowTheLinks() {
    String out =
        QuarantineCommand.ListCommand.text(
            entry(HOSTILE, HOSTILE.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));

    assertThat(out)
        .contains("3#2  input/x\\u001b.jsonl:4  MALFORMED_JSON  bad\\u0007")
        .contains("raw: {\"a\":\"\\u001b]0;owned\\u0007\\u007f\\u009b2J\\u202eabc\\u2028\"}")
        .contains("redrive of 1#9")
        .contains("redriven by input/r.jsonl:1");
    assertThat(
            out.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f || c == 0x202e))
        .isEmpty();
    assertThat(QuarantineCommand.ListCommand.text(entry("abc", 5000)))
        .contains("abc … (5000 bytes in all)");
  }

  @Test
  void json_shouldEscapeTheSameCharacters_andStayExact() throws Exception {
    ObjectMapper m = QuarantineCommand.safeJson();
    String line = m.writeValueAsString(QuarantineCommand.ListCommand.toJson(m, entry(HOSTILE, 40)));

    assertThat(
            line.chars()
                .filter(c -> c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x202e || c == 0x2028))
        .isEmpty();
    assertThat(new ObjectMapper().readTree(line).get("raw").asText()).isEqualTo(HOSTILE);
    assertThat(new ObjectMapper().readTree(line).get("redriveOf").get("position").asInt())
        .isEqualTo(9);
    assertThat(new ObjectMapper().readTree(line).get("complete").asBoolean()).isFalse();
  }
}
