package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.stepfunctions.Definitions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each EMR step's {@code spark-submit --class} (the ASL, {@link Definitions#STEP_MAIN_CLASS}) is
 * the {@code Main-Class} of the job jar the step submits, as built (failsafe: after packaging). The
 * IAM check analyses that {@code Main-Class}, so the two must not drift apart.
 */
class JobStepClassIT {

  @Test
  void everyStep_shouldSubmitTheMainClassOfItsJobJar() {
    List<Path> jobJars = IamVersusCodeIT.jars("-job.jar");
    assertThat(jobJars).as("the Spark job jars (build with verify)").hasSize(3);
    Map<String, String> byStep = new TreeMap<>();
    for (Path jar : jobJars) {
      // <module>-<version>-job.jar; the module is the step name without "recon-"
      String module = jar.getParent().getParent().getFileName().toString();
      byStep.put("recon-" + module, IamVersusCodeIT.mainClass(jar));
    }
    assertThat(byStep).containsExactlyInAnyOrderEntriesOf(Definitions.STEP_MAIN_CLASS);
  }
}
