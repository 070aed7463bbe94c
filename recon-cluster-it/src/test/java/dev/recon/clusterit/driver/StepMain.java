package dev.recon.clusterit.driver;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * What YARN's ApplicationMaster does around a job's main in EMR's {@code --deploy-mode cluster}:
 * runs the main class named by the first argument (loaded from the job jar, through the class
 * loader spark-submit set up), then stops the session and exits with the job's status. Without it a
 * client-mode driver whose main returns without stopping its session would not exit.
 */
public final class StepMain {
  private StepMain() {}

  public static void main(String[] args) throws Exception {
    int status = 0;
    try {
      Class<?> main = Class.forName(args[0], true, Thread.currentThread().getContextClassLoader());
      main.getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      e.getCause().printStackTrace();
      status = 1;
    } finally {
      if (SparkSession.getDefaultSession().isDefined()) {
        SparkSession.getDefaultSession().get().stop();
      }
    }
    System.out.println("STEP exit=" + status);
    System.out.flush();
    System.exit(status);
  }
}
