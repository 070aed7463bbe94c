package dev.recon.runtime;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes input batches the way producers land them: JSON Lines under input/, window in metadata.
 */
final class InputBatches {
  private InputBatches() {}

  static String put(
      ObjectStore store,
      String batchId,
      Instant windowStart,
      Instant windowEnd,
      List<Event> events,
      List<String> extraLines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Event e : events) {
      out.writeBytes(CanonicalJson.encode(e));
      out.write('\n');
    }
    for (String line : extraLines) {
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    String key = Layout.inputKey(windowStart, batchId, false);
    store.put(
        key,
        out.toByteArray(),
        Map.of(
            Layout.META_WINDOW_START,
            windowStart.toString(),
            Layout.META_WINDOW_END,
            windowEnd.toString()));
    return key;
  }
}
