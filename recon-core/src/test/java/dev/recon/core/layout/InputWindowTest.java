package dev.recon.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DESIGN §5: an input's window is its metadata's when present, else the hour in its key. */
class InputWindowTest {
  private static final String KEY = "input/2026/11/22/07/b-1.jsonl";

  private static InputWindow window(String start, String end) {
    return new InputWindow(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void new_shouldRefuse_whenTheWindowIsEmptyOrBackwards() {
    Instant t = Instant.parse("2026-11-22T07:00:00Z");
    assertThatThrownBy(() -> new InputWindow(t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window start 2026-11-22T07:00:00Z is not before its end 2026-11-22T07:00:00Z");
    assertThatThrownBy(() -> new InputWindow(t.plusSeconds(1), t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not before its end");
    assertThat(new InputWindow(t, t.plusNanos(1)).end())
        .isEqualTo(Instant.parse("2026-11-22T07:00:00.000000001Z"));
  }

  @Test
  void of_shouldTakeTheUtcHourOfTheKey_whenThereIsNoMetadata() {
    assertThat(InputWindow.of("input/2026/11/22/07/b-1.jsonl.gz", Map.of()))
        .isEqualTo(window("2026-11-22T07:00:00Z", "2026-11-22T08:00:00Z"));
    // the last hour of a year ends in the next year
    assertThat(InputWindow.of("input/2026/12/31/23/x.jsonl", Map.of()))
        .isEqualTo(window("2026-12-31T23:00:00Z", "2027-01-01T00:00:00Z"));
  }

  @Test
  void of_shouldPreferTheMetadata_whenBothBoundsArePresent() {
    // GIVEN bounds with an offset and surrounding blanks, on a key of another hour
    Map<String, String> metadata =
        Map.of(
            Layout.META_WINDOW_START, " 2026-11-22T09:15:00+02:00 ",
            Layout.META_WINDOW_END, "2026-11-22T07:20:00Z");

    // WHEN
    InputWindow w = InputWindow.of(KEY, metadata);

    // THEN
    assertThat(w).isEqualTo(window("2026-11-22T07:15:00Z", "2026-11-22T07:20:00Z"));
  }

  @Test
  void of_shouldUseTheMetadata_evenWhenTheKeyHasNoHour() {
    assertThat(
            InputWindow.of(
                "elsewhere/b.jsonl",
                Map.of(
                    "window-start", "2026-11-22T07:15:00Z", "window-end", "2026-11-22T07:20:00Z")))
        .isEqualTo(window("2026-11-22T07:15:00Z", "2026-11-22T07:20:00Z"));
  }

  @Test
  void of_shouldRefuse_whenTheMetadataNamesOnlyOneBound() {
    // a key with a good hour: the key is not a fallback for half a window
    assertThatThrownBy(() -> InputWindow.of(KEY, Map.of("window-start", "2026-11-22T07:15:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has only one of window-start and window-end");
    assertThatThrownBy(() -> InputWindow.of(KEY, Map.of("window-end", "2026-11-22T07:15:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has only one of window-start and window-end");
  }

  @Test
  void of_shouldRefuse_whenABoundIsNoInstant_quotingAtMostFortyCharacters() {
    String forty = "x".repeat(40);
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    KEY, Map.of("window-start", forty, "window-end", "2026-11-22T07:20:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window bound is not an ISO-8601 instant: " + forty);
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    KEY,
                    Map.of("window-start", "2026-11-22T07:15:00Z", "window-end", forty + "yz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window bound is not an ISO-8601 instant: " + forty + "…");
    // a local time without an offset is not an instant either
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    KEY,
                    Map.of("window-start", "2026-11-22T07:15:00", "window-end", "2026-11-22T08Z")))
        .hasMessage("window bound is not an ISO-8601 instant: 2026-11-22T07:15:00");
  }

  @Test
  void of_shouldRefuse_whenTheMetadataWindowIsEmpty() {
    assertThatThrownBy(
            () ->
                InputWindow.of(
                    KEY,
                    Map.of(
                        "window-start",
                        "2026-11-22T08:00:00Z",
                        "window-end",
                        "2026-11-22T07:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not before");
  }

  @Test
  void of_shouldRefuse_whenTheKeyIsNotAnHourKey() {
    String noWindow = "no window: no window metadata and the key is not input/yyyy/MM/dd/HH/<id>";
    assertThatThrownBy(() -> InputWindow.of("input/misc/b.jsonl", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(noWindow);
    // one folder too deep, or the hour without a file
    assertThatThrownBy(() -> InputWindow.of("input/2026/11/22/07/sub/b.jsonl", Map.of()))
        .hasMessage(noWindow);
    assertThatThrownBy(() -> InputWindow.of("input/2026/11/22/07/", Map.of())).hasMessage(noWindow);
    // under another environment prefix: keys are relative to it
    assertThatThrownBy(() -> InputWindow.of("prod/input/2026/11/22/07/b.jsonl", Map.of()))
        .hasMessage(noWindow);
  }

  @Test
  void of_shouldRefuse_whenTheKeysHourIsNoDate() {
    assertThatThrownBy(() -> InputWindow.of("input/2026/13/40/99/b.jsonl", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no window: the key's hour is not a date (");
    assertThatThrownBy(() -> InputWindow.of("input/2026/02/30/00/b.jsonl", Map.of()))
        .hasMessageStartingWith("no window: the key's hour is not a date (");
  }

  @Test
  void find_shouldGiveTheWindow_orEmptyWhenNoneCanBeDetermined() {
    assertThat(InputWindow.find(KEY, Map.of()))
        .contains(window("2026-11-22T07:00:00Z", "2026-11-22T08:00:00Z"));
    assertThat(InputWindow.find("input/misc/b.jsonl", Map.of())).isEqualTo(Optional.empty());
    assertThat(InputWindow.find(KEY, Map.of("window-end", "2026-11-22T07:15:00Z"))).isEmpty();
  }
}
