package dev.recon.core.metrics;

import java.util.List;

/**
 * Where a stage's EMF lines go. Lambdas print them ({@link #STDOUT}: the function's log group
 * extracts the metrics); Spark drivers on AWS send them to a CloudWatch Logs group with {@code
 * PutLogEvents} (the EMR driver's stdout is a step log in S3, which CloudWatch never reads); local
 * runs print or drop them. A sink never fails its stage: implementations log and swallow their own
 * errors, because a lost metric is better than a failed batch.
 */
@FunctionalInterface
public interface MetricsSink {
  MetricsSink NONE = lines -> {};

  MetricsSink STDOUT = lines -> lines.forEach(System.out::println);

  void emit(List<String> emfLines);
}
