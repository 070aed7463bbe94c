package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A million events for one key merge within a 1 GiB heap. The heap bound is real: the work runs in
 * a child JVM started with -Xmx1g, so an OutOfMemoryError there fails this test.
 */
class LargeKeyMergeTest {
  @Test
  void merge_shouldFitInOneGibibyte_whenOneKeyHasAMillionEvents() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx1g",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    classpath,
                    LargeKeyMergeCheck.class.getName(),
                    "1000000"))
            .redirectErrorStream(true)
            .start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(finished).as("finished in time").isTrue();
    assertThat(out).contains("LARGE-KEY-OK").contains("lines=1000000");
    assertThat(p.exitValue()).as(out).isZero();
  }
}
