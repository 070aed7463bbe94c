package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputWindowTest {
  @Test
  void of_shouldTakeTheHourOfTheKey_whenThereIsNoMetadata() {
    InputWindow w = InputWindow.of("input/2026/11/22/07/b-1.jsonl.gz", Map.of());
    assertThat(w.start()).isEqualTo(Instant.parse("2026-11-22T07:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
  }

  @Test
  void of_shouldPreferMetadata_whenBothBoundsArePresent() {
    InputWindow w =
        InputWindow.of(
            "input/2026/11/22/07/b-1.jsonl",
            Map.of(
                "window-start", "2026-11-22T07:15:00Z", "window-end", "2026-11-22T07:20:00+00:00"));
    assertThat(w.start()).isEqualTo(Instant.parse("2026-11-22T07:15:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-11-22T07:20:00Z"));
  }

  @Test
  void of_shouldRefuse_whenMetadataIsPartialBadOrEmptyOrKeyHasNoHour() {
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    "input/2026/11/22/07/b.jsonl", Map.of("window-start", "2026-11-22T07:15:00Z")))
        .hasMessageContaining("only one of");
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    "input/2026/11/22/07/b.jsonl",
                    Map.of("window-start", "yesterday", "window-end", "2026-11-22T07:20:00Z")))
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    "input/2026/11/22/07/b.jsonl",
                    Map.of(
                        "window-start",
                        "2026-11-22T08:00:00Z",
                        "window-end",
                        "2026-11-22T07:00:00Z")))
        .hasMessageContaining("not before");
    assertThatThrownBy(() -> InputWindow.of("input/misc/b.jsonl", Map.of()))
        .hasMessageContaining("no window");
    assertThatThrownBy(() -> InputWindow.of("input/2026/13/40/99/b.jsonl", Map.of()))
        .hasMessageContaining("not a date");
  }
}
