package dev.recon.backlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code Recon/BacklogAgeSeconds} (dimension {@code Environment}) as a CloudWatch embedded metric
 * format log line: printed to the function's log, CloudWatch extracts the metric, no IAM
 * permission or API call needed. The backlog-age alarm treats a missing metric as breaching, so
 * it is published on every scheduled call (sweep, plans, acquireBatch).
 */
public final class BacklogMetrics {
  public static final String NAMESPACE = "Recon";
  public static final String BACKLOG_AGE = "BacklogAgeSeconds";

  private BacklogMetrics() {}

  public static String backlogAge(String environment, Duration age, Instant now) {
    ObjectNode root = BacklogJson.mapper().createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", now.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Environment");
    directive.putArray("Metrics").addObject().put("Name", BACKLOG_AGE).put("Unit", "Seconds");
    root.put("Environment", environment);
    root.put(BACKLOG_AGE, age.getSeconds());
    return root.toString();
  }
}
