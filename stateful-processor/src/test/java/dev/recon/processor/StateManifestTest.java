package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.contract.PartFileStats;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateManifestTest {

  @Test
  void fromJson_shouldReturnAnEqualManifest_whenEncoded() {
    // GIVEN
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put("applied", 10L);
    counts.put("keys", 4L);
    StateManifest m = new StateManifest(7, 9, 10, 5, Instant.parse("2026-11-22T11:00:00Z"), 8, 1024, List.of("hot"),
        counts, List.of(new PartFileStats("state/0000000007/part-00000.jsonl", 3, 300, "ab")),
        List.of(new PartFileStats("quarantine/state-0000000007/part-00000.jsonl", 1, 90, "cd")));

    // WHEN
    byte[] json = m.toJson();

    // THEN
    assertThat(StateManifest.fromJson(json)).isEqualTo(m);
    assertThat(StateManifest.fromJson(json).toJson()).isEqualTo(json);
  }
}
