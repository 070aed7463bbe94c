package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void role_shouldNameEachStackProcessByItsCommandLine() {
    assertThat(
            ProcessCpu.role(
                "java -cp x org.apache.spark.executor.CoarseGrainedExecutorBackend --driver-url"))
        .isEqualTo("executors");
    assertThat(ProcessCpu.role("java -Xmx256m -cp a ChildWatchdog 1 java org.gaul.s3proxy.Main"))
        .isEqualTo("s3proxy");
    assertThat(
            ProcessCpu.role(
                "java -cp d com.amazonaws.services.dynamodbv2.local.main.ServerRunner -port 1"))
        .isEqualTo("dynamodb");
    assertThat(ProcessCpu.role("/x/bin/redis-server /h/redis.conf")).isEqualTo("redis");
    assertThat(ProcessCpu.role("/bin/sh -c true")).isEqualTo("other");
  }

  @Test
  void commandLine_shouldReadPastALongClasspath() throws Exception {
    // a JVM's classpath comes before its main class: the role must be found after thousands of
    // characters, where the JDK's own Info.commandLine() is cut short on Linux
    Process p =
        new ProcessBuilder("sh", "-c", "sleep 30", "x".repeat(8_000), "org.gaul.s3proxy.Main")
            .start();
    try {
      assertThat(ProcessCpu.role(ProcessCpu.commandLine(p.toHandle()))).isEqualTo("s3proxy");
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void since_shouldChargeTheBenchJvmTheCpuItSpentBetweenSnapshots() {
    ProcessCpu before = ProcessCpu.take();
    long t0 = System.nanoTime();
    long x = 0;
    while (System.nanoTime() - t0 < 300_000_000L) {
      x += Long.numberOfTrailingZeros(x + t0);
    }
    Map<String, Double> used = ProcessCpu.take().since(before);
    assertThat(x).isNotNegative();
    // 0.3 s of busy work on one thread: at least a fifth of it shows, whatever the load
    assertThat(used.get(ProcessCpu.BENCH_JVM)).isGreaterThan(0.06);
    assertThat(used.keySet())
        .containsExactly("bench JVM", "executors", "s3proxy", "dynamodb", "redis", "other");
    assertThat(ProcessCpu.format(Map.of("s3proxy", 2.25, "redis", 0.0))).isEqualTo("s3proxy 2.3 s");
  }
}
