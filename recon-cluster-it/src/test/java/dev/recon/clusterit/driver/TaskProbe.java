package dev.recon.clusterit.driver;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A listener the cluster suite puts on the driver's classpath ({@code spark.extraListeners}), never
 * in a job jar: it prints the scheduler's events as one line each on the driver's stdout, where the
 * test reads them to kill an executor at a chosen moment and to check what Spark did about it. Only
 * Spark's API, so it needs nothing of recon on the driver's classpath.
 *
 * <pre>
 * PROBE app id=APP
 * PROBE executorAdded id=E
 * PROBE executorRemoved id=E reason=...
 * PROBE stage id=S attempt=A tasks=N name=...
 * PROBE taskStart stage=S attempt=A index=I executor=E
 * PROBE taskEnd stage=S attempt=A index=I executor=E reason=Success|ExecutorLostFailure|...
 * </pre>
 */
public final class TaskProbe extends SparkListener {
  public static final String PREFIX = "PROBE ";

  private static synchronized void emit(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart e) {
    emit("app id=" + (e.appId().isDefined() ? e.appId().get() : "?"));
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded e) {
    emit("executorAdded id=" + e.executorId());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    emit("executorRemoved id=" + e.executorId() + " reason=" + oneLine(e.reason()));
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    emit(
        "stage id="
            + e.stageInfo().stageId()
            + " attempt="
            + e.stageInfo().attemptNumber()
            + " tasks="
            + e.stageInfo().numTasks()
            + " name="
            + oneLine(e.stageInfo().name()));
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart e) {
    emit(
        "taskStart stage="
            + e.stageId()
            + " attempt="
            + e.stageAttemptId()
            + " index="
            + e.taskInfo().index()
            + " executor="
            + e.taskInfo().executorId());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    String reason = e.reason().getClass().getSimpleName().replace("$", "");
    emit(
        "taskEnd stage="
            + e.stageId()
            + " attempt="
            + e.stageAttemptId()
            + " index="
            + e.taskInfo().index()
            + " executor="
            + e.taskInfo().executorId()
            + " reason="
            + reason);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", "_");
  }
}
