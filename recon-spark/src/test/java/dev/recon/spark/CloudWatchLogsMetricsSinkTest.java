package dev.recon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.metrics.MetricsSink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

class CloudWatchLogsMetricsSinkTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  /** Records calls; fails the first createLogStream as "already exists" when asked to. */
  static final class FakeLogs implements CloudWatchLogsClient {
    final List<CreateLogStreamRequest> streams = new ArrayList<>();
    final List<PutLogEventsRequest> puts = new ArrayList<>();
    boolean streamExists;
    boolean down;

    @Override
    public CreateLogStreamResponse createLogStream(CreateLogStreamRequest r) {
      streams.add(r);
      if (streamExists) {
        throw ResourceAlreadyExistsException.builder().message("exists").build();
      }
      return CreateLogStreamResponse.builder().build();
    }

    @Override
    public PutLogEventsResponse putLogEvents(PutLogEventsRequest r) {
      if (down) {
        throw new IllegalStateException("logs unreachable");
      }
      puts.add(r);
      return PutLogEventsResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "logs";
    }

    @Override
    public void close() {}
  }

  @Test
  void emit_shouldCreateStreamOnceAndSendEmfHeader_whenCalledTwice() {
    FakeLogs logs = new FakeLogs();
    logs.streamExists = true; // an earlier ambiguous call created it
    CloudWatchLogsMetricsSink sink =
        new CloudWatchLogsMetricsSink(logs, "/recon/prod/spark-metrics", "reduce/x", CLOCK);

    sink.emit(List.of("{\"a\":1}", "{\"b\":2}"));
    sink.emit(List.of("{\"c\":3}"));

    assertThat(logs.streams).hasSize(1);
    assertThat(logs.puts).hasSize(2);
    PutLogEventsRequest first = logs.puts.get(0);
    assertThat(first.logGroupName()).isEqualTo("/recon/prod/spark-metrics");
    assertThat(first.logStreamName()).isEqualTo("reduce/x");
    assertThat(first.logEvents())
        .extracting(e -> e.message())
        .containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(first.logEvents().get(0).timestamp()).isEqualTo(CLOCK.millis());
    assertThat(first.overrideConfiguration().orElseThrow().headers())
        .containsEntry(
            CloudWatchLogsMetricsSink.FORMAT_HEADER, List.of(CloudWatchLogsMetricsSink.FORMAT_EMF));
  }

  @Test
  void emit_shouldNotThrow_whenLogsUnreachable() {
    FakeLogs logs = new FakeLogs();
    logs.down = true;
    new CloudWatchLogsMetricsSink(logs, "g", "s", CLOCK).emit(List.of("{}"));
    assertThat(logs.puts).isEmpty();
  }

  @Test
  void forDriver_shouldBeNoOp_whenNoLogGroupConfigured() {
    assertThat(CloudWatchLogsMetricsSink.forDriver(ReconSettings.builder().build(), "reduce"))
        .isSameAs(MetricsSink.NONE);
  }
}
