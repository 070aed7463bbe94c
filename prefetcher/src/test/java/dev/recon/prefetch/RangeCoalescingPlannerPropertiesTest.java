package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the range-coalescing planner over arbitrary request sets (overlapping, adjacent,
 * duplicate, larger than the cap) in several part-files. "Files" are a pure function of (key,
 * position), so executing a plan can be simulated without a store.
 */
class RangeCoalescingPlannerPropertiesTest {

  @Property(tries = 500)
  void plan_shouldCoverEveryRequestExactly_whenGetsAreExecuted(
      @ForAll("requests") List<RangeRequest> requests,
      @ForAll @LongRange(min = 0, max = 3_000) long gap,
      @ForAll @LongRange(min = 1, max = 5_000) long cap) {
    // GIVEN
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(gap, cap);

    // WHEN
    List<RangeGet> gets = planner.plan(requests);
    List<byte[]> results = new ArrayList<>();
    for (RangeGet g : gets) {
      results.add(content(g.key(), g.offset(), g.length()));
    }
    byte[][] assembled = RangeCoalescingPlanner.assemble(requests, gets, results);

    // THEN every request gets exactly its own bytes
    for (int i = 0; i < requests.size(); i++) {
      RangeRequest r = requests.get(i);
      assertThat(assembled[i]).isEqualTo(content(r.key(), r.offset(), r.length()));
    }
  }

  @Property(tries = 500)
  void plan_shouldNeverIssueAGetLargerThanTheCap_whenRequestsAreArbitrary(
      @ForAll("requests") List<RangeRequest> requests,
      @ForAll @LongRange(min = 0, max = 3_000) long gap,
      @ForAll @LongRange(min = 1, max = 5_000) long cap) {
    // WHEN
    List<RangeGet> gets = new RangeCoalescingPlanner(gap, cap).plan(requests);

    // THEN
    assertThat(gets).allSatisfy(g -> assertThat(g.length()).isBetween(1L, cap));
  }

  @Property(tries = 500)
  void plan_shouldTileEachRequestWithoutGapsOrOverlaps_whenSplitAcrossGets(
      @ForAll("requests") List<RangeRequest> requests,
      @ForAll @LongRange(min = 0, max = 3_000) long gap,
      @ForAll @LongRange(min = 1, max = 5_000) long cap) {
    // WHEN
    List<RangeGet> gets = new RangeCoalescingPlanner(gap, cap).plan(requests);

    // THEN the pieces of request i cover [0, length) exactly once, each piece inside its GET and at
    // the matching file position
    List<List<long[]>> pieces = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      pieces.add(new ArrayList<>());
    }
    for (RangeGet g : gets) {
      for (RangeGet.Piece p : g.pieces()) {
        RangeRequest r = requests.get(p.request());
        assertThat(g.key()).isEqualTo(r.key());
        assertThat(p.getOffset() + p.length()).isLessThanOrEqualTo(g.length());
        assertThat(g.offset() + p.getOffset()).isEqualTo(r.offset() + p.requestOffset());
        pieces.get(p.request()).add(new long[] {p.requestOffset(), p.length()});
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      List<long[]> ps = pieces.get(i);
      ps.sort(Comparator.comparingLong(a -> a[0]));
      long next = 0;
      for (long[] p : ps) {
        assertThat(p[0]).isEqualTo(next);
        next += p[1];
      }
      assertThat(next).isEqualTo(requests.get(i).length());
    }
  }

  @Property(tries = 300)
  void plan_shouldNotIssueMoreGetsThanSegments_whenCoalescing(
      @ForAll("requests") List<RangeRequest> requests,
      @ForAll @LongRange(min = 0, max = 3_000) long gap,
      @ForAll @LongRange(min = 1, max = 5_000) long cap) {
    // GIVEN how many GETs no coalescing at all would need (each request in cap-sized pieces)
    long uncoalesced = requests.stream().mapToLong(r -> (r.length() + cap - 1) / cap).sum();

    // WHEN
    List<RangeGet> gets = new RangeCoalescingPlanner(gap, cap).plan(requests);

    // THEN coalescing never costs requests, and every bridged gap is within the limit
    assertThat((long) gets.size()).isLessThanOrEqualTo(uncoalesced);
    for (RangeGet g : gets) {
      List<RangeGet.Piece> sorted = new ArrayList<>(g.pieces());
      sorted.sort(Comparator.comparingLong(RangeGet.Piece::getOffset));
      long reach = 0;
      for (RangeGet.Piece p : sorted) {
        assertThat(p.getOffset() - reach).isLessThanOrEqualTo(gap);
        reach = Math.max(reach, p.getOffset() + p.length());
      }
      assertThat(reach).isEqualTo(g.length());
    }
  }

  @Property(tries = 200)
  void plan_shouldBeIndependentOfRequestOrder_whenRequestsAreShuffled(
      @ForAll("requests") List<RangeRequest> requests,
      @ForAll @LongRange(min = 0, max = 3_000) long gap,
      @ForAll @LongRange(min = 1, max = 5_000) long cap) {
    // GIVEN the same requests reversed
    List<RangeRequest> reversed = new ArrayList<>(requests);
    java.util.Collections.reverse(reversed);
    RangeCoalescingPlanner planner = new RangeCoalescingPlanner(gap, cap);

    // WHEN / THEN the same byte ranges are fetched
    assertThat(planner.plan(reversed))
        .extracting(g -> g.key() + "@" + g.offset() + "+" + g.length())
        .containsExactlyElementsOf(
            planner.plan(requests).stream()
                .map(g -> g.key() + "@" + g.offset() + "+" + g.length())
                .toList());
  }

  @Provide
  Arbitrary<List<RangeRequest>> requests() {
    Arbitrary<RangeRequest> one =
        Combinators.combine(
                Arbitraries.of(
                    "state/1/part-00000.jsonl",
                    "state/1/part-00001.jsonl",
                    "state/2/part-00000.jsonl"),
                Arbitraries.longs().between(0, 20_000),
                Arbitraries.longs().between(1, 12_000))
            .as(RangeRequest::new);
    return one.list().ofMinSize(0).ofMaxSize(40);
  }

  /** The simulated byte at each position of each file. */
  private static byte[] content(String key, long offset, long length) {
    byte[] out = new byte[(int) length];
    int seed = key.hashCode();
    for (int i = 0; i < length; i++) {
      long pos = offset + i;
      out[i] = (byte) ((pos * 31 + seed) ^ (pos >>> 7));
    }
    return out;
  }
}
