package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeCoalescingPlannerTest {

  private static final byte[] FILE =
      "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  @Test
  void plan_shouldMergeRanges_whenGapIsWithinLimit() {
    // GIVEN two ranges 2 bytes apart and a 2-byte gap limit
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(2, 100);
    List<RangeRequest> requests =
        List.of(new RangeRequest("p", 10, 3), new RangeRequest("p", 0, 8));

    // WHEN
    List<RangeGet> gets = planner.plan(requests);

    // THEN one GET covers both, from the lower offset
    assertThat(gets).hasSize(1);
    assertThat(gets.get(0).offset()).isZero();
    assertThat(gets.get(0).length()).isEqualTo(13);
    assertThat(gets.get(0).wastedBytes()).isEqualTo(2);
    assertThat(assembleFrom(requests, gets)).containsExactly("abc", "01234567");
  }

  @Test
  void plan_shouldKeepRangesApart_whenGapExceedsLimit() {
    // GIVEN ranges 3 bytes apart and a 2-byte gap limit
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(2, 100);

    // WHEN
    List<RangeGet> gets =
        planner.plan(List.of(new RangeRequest("p", 0, 5), new RangeRequest("p", 8, 2)));

    // THEN
    assertThat(gets).extracting(RangeGet::offset).containsExactly(0L, 8L);
  }

  @Test
  void plan_shouldNeverMergeAcrossFiles_whenOffsetsAreAdjacent() {
    // GIVEN adjacent offsets in two part-files
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(1_000, 1_000);

    // WHEN
    List<RangeGet> gets =
        planner.plan(List.of(new RangeRequest("b", 5, 5), new RangeRequest("a", 0, 5)));

    // THEN one GET per file, in file order
    assertThat(gets).extracting(RangeGet::key).containsExactly("a", "b");
  }

  @Test
  void plan_shouldSplitOneArtifact_whenItIsLargerThanTheCap() {
    // GIVEN a 20-byte artifact and an 8-byte cap
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(0, 8);
    List<RangeRequest> requests = List.of(new RangeRequest("p", 3, 20));

    // WHEN
    List<RangeGet> gets = planner.plan(requests);

    // THEN three GETs of at most 8 bytes that reassemble the artifact exactly
    assertThat(gets).extracting(RangeGet::length).containsExactly(8L, 8L, 4L);
    assertThat(assembleFrom(requests, gets)).containsExactly("3456789abcdefghijklm");
  }

  @Test
  void plan_shouldStartANewGet_whenMergingWouldExceedTheCap() {
    // GIVEN three adjacent 4-byte ranges and a 10-byte cap
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(10, 10);

    // WHEN
    List<RangeGet> gets =
        planner.plan(
            List.of(
                new RangeRequest("p", 0, 4),
                new RangeRequest("p", 4, 4),
                new RangeRequest("p", 8, 4)));

    // THEN
    assertThat(gets).extracting(RangeGet::length).containsExactly(8L, 4L);
  }

  @Test
  void assemble_shouldFail_whenAGetReturnsTheWrongNumberOfBytes() {
    // GIVEN
    List<RangeRequest> requests = List.of(new RangeRequest("p", 0, 4));
    List<RangeGet> gets = new RangeCoalescingPlanner(0, 10).plan(requests);

    // WHEN / THEN
    assertThatThrownBy(() -> RangeCoalescingPlanner.assemble(requests, gets, List.of(new byte[3])))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<String> assembleFrom(List<RangeRequest> requests, List<RangeGet> gets) {
    List<byte[]> results = new ArrayList<>();
    for (RangeGet g : gets) {
      results.add(java.util.Arrays.copyOfRange(FILE, (int) g.offset(), (int) g.end()));
    }
    List<String> out = new ArrayList<>();
    for (byte[] b : RangeCoalescingPlanner.assemble(requests, gets, results)) {
      out.add(new String(b, StandardCharsets.US_ASCII));
    }
    return out;
  }
}
