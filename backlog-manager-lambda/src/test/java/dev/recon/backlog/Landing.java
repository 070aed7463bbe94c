package dev.recon.backlog;

import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lands input objects the way producers do. */
final class Landing {
  static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

  private Landing() {}

  /** {@code n} hourly inputs of {@code size} bytes each, oldest first; returns their keys. */
  static List<String> hourly(ObjectStore store, int n, int size) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = Layout.inputKey(T0.plus(Duration.ofHours(i)), "batch-" + i, false);
      store.put(key, "x".repeat(size).getBytes(StandardCharsets.UTF_8));
      keys.add(key);
    }
    return keys;
  }

  static String withWindow(ObjectStore store, String key, Instant start, Instant end) {
    store.put(
        key,
        "{}\n".getBytes(StandardCharsets.UTF_8),
        Map.of(Layout.META_WINDOW_START, start.toString(), Layout.META_WINDOW_END, end.toString()));
    return key;
  }
}
