package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {

  @Test
  void route_shouldGiveEachHeavyKeyItsOwnRoute_whenHeavyKeysAreKnown() {
    // GIVEN 4 ordinary routes and two heavy keys
    Routes routes = new Routes(4, List.of("hot-a", "hot-b"));

    // WHEN / THEN
    assertThat(routes.route("hot-a")).isEqualTo(4);
    assertThat(routes.route("hot-b")).isEqualTo(5);
    assertThat(routes.route("order-1")).isBetween(0, 3);
    assertThat(routes.count()).isEqualTo(6);
  }

  @Test
  void lightRoute_shouldStayFixed_whenComputedAnywhere() {
    // GIVEN the FNV-1a 64 reference value of "a" (0xaf63dc4c8601ec8c)
    // WHEN / THEN: a change of hash would move keys between part-files and break byte-identical
    // reruns
    assertThat(Routes.fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(Routes.lightRoute("a", 7))
        .isEqualTo((int) Long.remainderUnsigned(0xaf63dc4c8601ec8cL, 7));
  }

  @Test
  void lightRoute_shouldSpreadKeys_whenManyKeysAreRouted() {
    // GIVEN
    int[] perRoute = new int[8];

    // WHEN
    for (int i = 0; i < 8_000; i++) {
      perRoute[Routes.lightRoute("order-" + i, 8)]++;
    }

    // THEN every route gets a fair share (±20 %)
    for (int n : perRoute) {
      assertThat(n).isBetween(800, 1200);
    }
  }
}
