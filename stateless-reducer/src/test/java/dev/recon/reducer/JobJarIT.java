package dev.recon.reducer;

import dev.recon.spark.JobJars;
import org.junit.jupiter.api.Test;

/** The shaded jar an EMR step runs ({@code spark-submit <jar> --batch N}). */
class JobJarIT {
  @Test
  void jobJar_shouldNameItsMainAndCarryEverythingButTheClustersLibraries() {
    JobJars.assertDeployable(
        JobJars.of("stateless-reducer"), "dev.recon.reducer.StatelessReducerMain");
  }
}
