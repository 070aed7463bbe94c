package dev.recon.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a run's files: {@code bench.json}, {@code report.md}, {@code bench.png}. */
public final class BenchOutput {
  public static final String JSON = "bench.json";
  public static final String REPORT = "report.md";
  public static final String CHART = "bench.png";

  private BenchOutput() {}

  public static void write(BenchResult r, String machine, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(JSON), r.toJson() + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(REPORT), r.toMarkdown(machine), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BenchChart.write(r, dir.resolve(CHART));
  }

  /** Cores, OS, JVM, max heap, and the load average at the time of the call. */
  public static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s %s, Java %s, max heap %d MiB, load average %.2f",
        Runtime.getRuntime().availableProcessors(),
        os.getName(),
        os.getVersion(),
        os.getArch(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        os.getSystemLoadAverage());
  }
}
