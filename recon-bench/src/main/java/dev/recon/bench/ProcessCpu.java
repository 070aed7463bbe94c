package dev.recon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU seconds the bench JVM and its child processes used between two snapshots, grouped by role
 * (the bench JVM itself — driver and in-process Spark workers —, Spark executors, the stack's
 * S3-compatible server, DynamoDB Local, Redis, anything else). On a machine with fewer cores than
 * processes this is what bounds a stage: the executors can only scale if the others leave them the
 * cores. Read from {@link ProcessHandle.Info#totalCpuDuration} (on Linux {@code /proc}); a process
 * whose figure the OS does not report counts as zero.
 */
final class ProcessCpu {
  /** The roles, in report order, with the command-line fragment that identifies each. */
  static final List<Map.Entry<String, String>> ROLES =
      List.of(
          Map.entry("executors", "CoarseGrainedExecutorBackend"),
          Map.entry("s3proxy", "org.gaul.s3proxy"),
          Map.entry("dynamodb", "dynamodbv2.local"),
          Map.entry("redis", "redis-server"));

  static final String BENCH_JVM = "bench JVM";
  static final String OTHER = "other";

  private final Map<Long, Sample> byPid;

  private record Sample(String role, double seconds) {}

  private ProcessCpu(Map<Long, Sample> byPid) {
    this.byPid = byPid;
  }

  /** The CPU time of this JVM and every live descendant, now. */
  static ProcessCpu take() {
    Map<Long, Sample> m = new TreeMap<>();
    ProcessHandle self = ProcessHandle.current();
    m.put(self.pid(), new Sample(BENCH_JVM, seconds(self)));
    self.descendants().forEach(p -> m.put(p.pid(), new Sample(role(commandLine(p)), seconds(p))));
    return new ProcessCpu(m);
  }

  /** The role a command line belongs to: the first {@link #ROLES} fragment it contains. */
  static String role(String commandLine) {
    return ROLES.stream()
        .filter(r -> commandLine.contains(r.getValue()))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(OTHER);
  }

  /**
   * CPU seconds per role from {@code before} to this snapshot, in report order; a process started
   * in between counts from zero, one that ended in between is not seen (take this snapshot while
   * the processes of interest are alive).
   */
  Map<String, Double> since(ProcessCpu before) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(BENCH_JVM, 0.0);
    ROLES.forEach(r -> out.put(r.getKey(), 0.0));
    out.put(OTHER, 0.0);
    byPid.forEach(
        (pid, now) -> {
          Sample then = before.byPid.get(pid);
          double used = now.seconds() - (then == null ? 0 : then.seconds());
          out.merge(now.role(), Math.max(0, used), Double::sum);
        });
    return out;
  }

  /** {@code bench JVM 12.3 s, executors 40.1 s, …} (roles with no CPU left out). */
  static String format(Map<String, Double> cpu) {
    return cpu.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /**
   * The whole command line: on Linux from {@code /proc/<pid>/cmdline}, because {@link
   * ProcessHandle.Info#commandLine} is cut short for long ones (a JVM's classpath comes before its
   * main class); elsewhere what the JDK reports.
   */
  static String commandLine(ProcessHandle p) {
    Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException e) {
      // the process ended, or /proc refused: fall back to the JDK's view
    }
    return p.info().commandLine().orElse("");
  }

  private static double seconds(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }
}
