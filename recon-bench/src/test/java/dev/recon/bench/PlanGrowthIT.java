package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlanGrowth} end to end at tiny sizes: every round plans, figures finite. Not a
 * measurement.
 */
class PlanGrowthIT {

  @Test
  void run_shouldPlanEveryRoundOnBothSides_atTinySizes(@TempDir Path dir) {
    // A stack of its own and a few hundred conditional writes: minutes on a loaded two-core
    // machine, so not in the default build (budget); run it with -Drecon.planGrowth.small=N.
    Assumptions.assumeTrue(
        System.getProperty("recon.planGrowth.small") != null,
        "PlanGrowthIT runs only when asked: -Drecon.planGrowth.small=20 (recon-bench README)");
    List<String> log = new ArrayList<>();

    int small = Integer.getInteger("recon.planGrowth.small", 20);
    int large = Integer.getInteger("recon.planGrowth.large", 2_000);
    int rounds = Integer.getInteger("recon.planGrowth.rounds", 2);

    PlanGrowth.Result r = PlanGrowth.run(dir.resolve("work"), small, large, rounds, log::add);

    System.out.println("PlanGrowthIT: " + r.summary());
    // warm-up + the rounds on each side, each claiming its 100 pending inputs
    assertThat(r.plannedInputs()).isEqualTo(2 * (rounds + 1) * PlanGrowth.PENDING_PER_ROUND);
    assertThat(r.smallPlanSeconds()).isPositive();
    assertThat(r.largePlanSeconds()).isPositive();
    assertThat(Double.isFinite(r.ratio())).isTrue();
    assertThat(r.smallListSeconds()).isPositive();
    assertThat(log).anyMatch(l -> l.contains("ratio"));
  }
}
