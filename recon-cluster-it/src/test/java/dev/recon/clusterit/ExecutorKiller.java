package dev.recon.clusterit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.clusterit.driver.TaskProbe;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a driver's {@link TaskProbe} lines and SIGKILLs one executor JVM in the middle of the job's
 * main stage: the first stage with several tasks, as soon as one of its tasks has ended while
 * others still run; the victim is an executor running one of them. No sleeps: the moment is the
 * scheduler's own event.
 */
final class ExecutorKiller implements Consumer<String> {
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

  /** What was killed, and what Spark reported about it. */
  record Kill(
      int stage,
      int stageTasks,
      int endedBefore,
      String executorId,
      long pid,
      long lostTasks,
      boolean removed) {
    @Override
    public String toString() {
      return "stage "
          + stage
          + " ("
          + endedBefore
          + "/"
          + stageTasks
          + " tasks done) executor "
          + executorId
          + " pid "
          + pid
          + ", tasks lost "
          + lostTasks;
    }
  }

  private final SparkCluster cluster;
  private String appId;
  private final Map<Integer, Integer> stageTasks = new HashMap<>();
  private final Map<Integer, Integer> ended = new HashMap<>();
  private final Map<String, Set<String>> running = new HashMap<>();
  private Integer mainStage;
  private volatile Kill kill;

  ExecutorKiller(SparkCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public synchronized void accept(String line) {
    if (!line.startsWith(TaskProbe.PREFIX) || kill != null) {
      return;
    }
    String[] words = line.substring(TaskProbe.PREFIX.length()).split(" ", 2);
    Map<String, String> f = fields(words.length > 1 ? words[1] : "");
    switch (words[0]) {
      case "app" -> appId = f.get("id");
      case "stage" -> {
        int id = Integer.parseInt(f.get("id"));
        int tasks = Integer.parseInt(f.get("tasks"));
        stageTasks.putIfAbsent(id, tasks);
        if (mainStage == null && tasks >= 2) {
          mainStage = id;
        }
      }
      case "taskStart" ->
          running
              .computeIfAbsent(f.get("executor"), e -> new HashSet<>())
              .add(f.get("stage") + ":" + f.get("index"));
      case "taskEnd" -> {
        int stage = Integer.parseInt(f.get("stage"));
        running
            .getOrDefault(f.get("executor"), new HashSet<>())
            .remove(stage + ":" + f.get("index"));
        int done = ended.merge(stage, 1, Integer::sum);
        if (mainStage != null && stage == mainStage && done < stageTasks.get(stage)) {
          killOneRunning(stage, done);
        }
      }
      default -> {}
    }
  }

  private void killOneRunning(int stage, int done) {
    for (Map.Entry<String, Set<String>> e : running.entrySet()) {
      if (e.getValue().stream().anyMatch(t -> t.startsWith(stage + ":"))) {
        var handle = cluster.executor(appId, e.getKey());
        if (handle.isPresent()) {
          handle.get().destroyForcibly(); // SIGKILL
          kill =
              new Kill(
                  stage, stageTasks.get(stage), done, e.getKey(), handle.get().pid(), 0, false);
          return;
        }
      }
    }
  }

  /**
   * After the job: an executor was killed mid-stage, Spark saw it go, and at least one of its tasks
   * was lost with it (and retried elsewhere, since the job succeeded).
   */
  Kill verify(List<String> lines) {
    Kill k = kill;
    assertThat(k).as("an executor was killed in the main stage (stage %s)", mainStage).isNotNull();
    boolean removed =
        lines.stream()
            .anyMatch(
                l -> l.startsWith(TaskProbe.PREFIX + "executorRemoved id=" + k.executorId() + " "));
    long lost =
        lines.stream()
            .filter(l -> l.startsWith(TaskProbe.PREFIX + "taskEnd "))
            .filter(l -> l.contains(" executor=" + k.executorId() + " "))
            .filter(l -> l.contains("reason=ExecutorLostFailure"))
            .count();
    assertThat(removed).as("the driver saw executor %s go", k.executorId()).isTrue();
    assertThat(lost).as("tasks lost with executor %s", k.executorId()).isPositive();
    return new Kill(
        k.stage(), k.stageTasks(), k.endedBefore(), k.executorId(), k.pid(), lost, removed);
  }

  private static Map<String, String> fields(String s) {
    Map<String, String> out = new HashMap<>();
    Matcher m = FIELD.matcher(s);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }
}
