package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPlanTest {

  @Test
  void assign_shouldGiveTwentyWorkersFiveFilesEach_whenAHundredPartFilesAreIndexed() {
    // GIVEN
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(String.format("state/0000000007/part-%05d.jsonl", i));
    }

    // WHEN
    List<List<String>> plan = WorkerPlan.assign(parts, 5);

    // THEN
    assertThat(plan).hasSize(20).allSatisfy(files -> assertThat(files).hasSize(5));
    assertThat(plan.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(parts);
  }

  @Test
  void assign_shouldGiveTheLastWorkerTheRemainder_whenFilesDoNotDivideEvenly() {
    // GIVEN / WHEN
    List<List<String>> plan = WorkerPlan.assign(List.of("a", "b", "c", "d", "e", "f", "g"), 3);

    // THEN
    assertThat(plan).extracting(List::size).containsExactly(3, 3, 1);
  }
}
