package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the request an {@code elasticmapreduce:addStep(.sync)} Task sends: {@code {"ClusterId",
 * "Step": {"Name", "ActionOnFailure", "HadoopJarStep": {"Jar", "Args": [...]}}}}. Locally the
 * step's {@code spark-submit} line is what a handler needs: the job jar and the application
 * arguments.
 */
public final class EmrStepRequest {
  /** spark-submit flags that take no value. */
  private static final Set<String> FLAGS =
      Set.of("--verbose", "-v", "--supervise", "--help", "-h", "--version");

  private EmrStepRequest() {}

  public static String stepName(JsonNode request) {
    return request.path("Step").path("Name").asText();
  }

  /** {@code Step.HadoopJarStep.Args}, in order. */
  public static List<String> args(JsonNode request) {
    JsonNode args = request.path("Step").path("HadoopJarStep").path("Args");
    if (!args.isArray()) {
      throw new IllegalArgumentException("EMR step request has no Step.HadoopJarStep.Args array");
    }
    List<String> out = new ArrayList<>();
    args.forEach(a -> out.add(a.asText()));
    return out;
  }

  /** The {@code --class} of a {@code spark-submit …} step, or null when it names none. */
  public static String mainClass(JsonNode request) {
    List<String> args = args(request);
    List<String> options = args.subList(1, applicationJarIndex(args));
    for (int i = 0; i + 1 < options.size(); i++) {
      if ("--class".equals(options.get(i))) {
        return options.get(i + 1);
      }
    }
    return null;
  }

  /**
   * The {@code --conf name=value} options of a {@code spark-submit …} step (before the application
   * jar), in order; on EMR they carry the jobs' {@code RECON_*} settings as {@code
   * spark.yarn.appMasterEnv.*}.
   */
  public static java.util.Map<String, String> sparkConf(JsonNode request) {
    List<String> args = args(request);
    List<String> options = args.subList(1, applicationJarIndex(args));
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < options.size(); i++) {
      String a = options.get(i);
      String pair = null;
      if ("--conf".equals(a) && i + 1 < options.size()) {
        pair = options.get(++i);
      } else if (a.startsWith("--conf=")) {
        pair = a.substring("--conf=".length());
      }
      if (pair != null) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--conf without name=value: " + pair);
        }
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  /** The application jar of a {@code spark-submit …} step: its first positional argument. */
  public static String applicationJar(JsonNode request) {
    List<String> args = args(request);
    return args.get(applicationJarIndex(args));
  }

  /** The arguments after the application jar, i.e. what the job's {@code main} receives. */
  public static List<String> applicationArgs(JsonNode request) {
    List<String> args = args(request);
    return List.copyOf(args.subList(applicationJarIndex(args) + 1, args.size()));
  }

  private static int applicationJarIndex(List<String> args) {
    if (args.isEmpty() || !"spark-submit".equals(args.get(0))) {
      throw new IllegalArgumentException("not a spark-submit step: " + args);
    }
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-")) {
        return i;
      }
      if (!FLAGS.contains(a) && !a.contains("=")) {
        i++; // skip the option's value
      }
    }
    throw new IllegalArgumentException("spark-submit step without an application jar: " + args);
  }
}
