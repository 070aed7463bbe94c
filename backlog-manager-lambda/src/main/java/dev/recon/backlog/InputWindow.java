package dev.recon.backlog;

import java.time.Instant;
import java.util.Map;

/**
 * The arrival window {@code [start, end)} of one input batch (DESIGN §5), by the one rule in
 * recon-core ({@link dev.recon.core.layout.InputWindow}, which the reducer uses too): from the
 * object's user metadata {@code window-start}/{@code window-end} when present, else the hour in its
 * key {@code input/yyyy/MM/dd/HH/<batchId>.jsonl[.gz]}.
 */
public record InputWindow(Instant start, Instant end) {
  public InputWindow {
    dev.recon.core.layout.InputWindow checked = new dev.recon.core.layout.InputWindow(start, end);
    start = checked.start();
    end = checked.end();
  }

  /**
   * The window of {@code key}; metadata wins over the key. Metadata naming only one bound, or a
   * bound that is not an ISO-8601 instant, or an empty window is refused rather than guessed.
   *
   * @throws IllegalArgumentException with the reason when no window can be determined
   */
  public static InputWindow of(String key, Map<String, String> metadata) {
    dev.recon.core.layout.InputWindow w = dev.recon.core.layout.InputWindow.of(key, metadata);
    return new InputWindow(w.start(), w.end());
  }
}
