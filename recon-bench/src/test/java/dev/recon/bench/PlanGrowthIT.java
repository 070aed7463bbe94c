package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlanGrowth} end to end at tiny sizes: every round plans, figures finite. Not a
 * measurement.
 */
class PlanGrowthIT {

  @Test
  void run_shouldPlanEveryRoundOnBothSides_atTinySizes(@TempDir Path dir) {
    List<String> log = new ArrayList<>();

    PlanGrowth.Result r = PlanGrowth.run(dir.resolve("work"), 20, 2_000, 2, log::add);

    // warm-up + 2 rounds per side, each claiming its 100 pending inputs
    assertThat(r.plannedInputs()).isEqualTo(2 * 3 * PlanGrowth.PENDING_PER_ROUND);
    assertThat(r.smallPlanSeconds()).isPositive();
    assertThat(r.largePlanSeconds()).isPositive();
    assertThat(Double.isFinite(r.ratio())).isTrue();
    assertThat(r.largeListSeconds()).isPositive();
    assertThat(log).anyMatch(l -> l.contains("ratio"));
  }
}
