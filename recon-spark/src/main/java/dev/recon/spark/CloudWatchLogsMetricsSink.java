package dev.recon.spark;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.metrics.MetricsSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * The Spark drivers' route for EMF lines on AWS: {@code PutLogEvents} into one log group (created
 * by the template; {@link ReconSettings#METRICS_LOG_GROUP}), one log stream per driver run.
 * CloudWatch Logs extracts EMF from events sent this way just as from a Lambda's stdout; the {@code
 * x-amzn-logs-format: json/emf} header, optional today, is sent so the intent is explicit.
 *
 * <p>Why not stdout: an EMR step's driver output is a step log uploaded to S3, which CloudWatch
 * never reads; the CloudWatch agent on EMR would need a bootstrap action and its own configuration
 * for what is one call per batch. Why not {@code PutMetricData}: the EMF lines are the same ones
 * the Lambdas print, with one encoder and one set of names, and the log group keeps every batch's
 * values searchable in Logs Insights.
 *
 * <p>A failure is logged and swallowed (see {@link MetricsSink}): the batch is done and in the
 * ledger; a missing metric only makes an alarm treat missing data as it is configured to.
 */
public final class CloudWatchLogsMetricsSink implements MetricsSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchLogsMetricsSink.class);
  static final String FORMAT_HEADER = "x-amzn-logs-format";
  static final String FORMAT_EMF = "json/emf";

  private final CloudWatchLogsClient logs;
  private final String group;
  private final String stream;
  private final Clock clock;
  private boolean streamCreated;

  public CloudWatchLogsMetricsSink(
      CloudWatchLogsClient logs, String group, String stream, Clock clock) {
    this.logs = Objects.requireNonNull(logs, "logs");
    this.group = Objects.requireNonNull(group, "group");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The driver's sink: CloudWatch Logs when {@link ReconSettings#metricsLogGroup()} is set (AWS),
   * else {@link MetricsSink#NONE} (local mode: the ledger holds the same values).
   */
  public static MetricsSink forDriver(ReconSettings settings, String job) {
    if (settings.metricsLogGroup() == null) {
      return MetricsSink.NONE;
    }
    CloudWatchLogsClient client =
        AwsClientFactory.configure(CloudWatchLogsClient.builder(), settings).build();
    return new CloudWatchLogsMetricsSink(
        client, settings.metricsLogGroup(), job + "/" + UUID.randomUUID(), Clock.systemUTC());
  }

  @Override
  public synchronized void emit(List<String> emfLines) {
    if (emfLines.isEmpty()) {
      return;
    }
    try {
      if (!streamCreated) {
        try {
          logs.createLogStream(
              CreateLogStreamRequest.builder().logGroupName(group).logStreamName(stream).build());
        } catch (ResourceAlreadyExistsException e) {
          // a retried call after an ambiguous first one: the stream is there, which is all we need
        }
        streamCreated = true;
      }
      long now = clock.millis();
      List<InputLogEvent> events = new ArrayList<>(emfLines.size());
      for (String line : emfLines) {
        events.add(InputLogEvent.builder().timestamp(now).message(line).build());
      }
      logs.putLogEvents(
          PutLogEventsRequest.builder()
              .logGroupName(group)
              .logStreamName(stream)
              .logEvents(events)
              .overrideConfiguration(c -> c.putHeader(FORMAT_HEADER, FORMAT_EMF))
              .build());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not send {} metric lines to log group {}: {}",
          emfLines.size(),
          group,
          e.toString());
    }
  }

  @Override
  public void close() {
    logs.close();
  }
}
