package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.model.BatchKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacklogMetricsTest {
  @Test
  void backlogAge_shouldBeAnEmbeddedMetricFormatLine() throws Exception {
    JsonNode line =
        BacklogJson.mapper()
            .readTree(BacklogMetrics.backlogAge("prod", Duration.ofSeconds(90), Landing.T0));
    assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(Landing.T0.toEpochMilli());
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Recon");
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText())
        .isEqualTo("Environment");
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText())
        .isEqualTo("BacklogAgeSeconds");
    assertThat(line.get("Environment").asText()).isEqualTo("prod");
    assertThat(line.get("BacklogAgeSeconds").asLong()).isEqualTo(90);
  }

  @Test
  void handler_shouldPublishTheAgeOfTheOldestUnreflectedInput_onScheduledCalls() throws Exception {
    // GIVEN two inputs registered 10 minutes ago, the first fully applied since
    Scenario sc = new Scenario();
    List<String> lines = new ArrayList<>();
    BacklogHandler handler =
        new BacklogHandler(
            sc.ledger, sc.store, sc.clock, "recon-local", "local", "test", lines::add);
    sc.land(2);
    sc.succeed(sc.plan(1), 1);
    StatefulPlanner.Plan n = sc.service.statefulPlanner().plan(StatefulLimits.DEFAULTS);
    sc.service.lifecycle().complete(BatchKind.STATEFUL, n.statefulBatch(), Map.of());
    sc.clock.advance(Duration.ofMinutes(10));

    // WHEN the sweep runs
    handler.handleRequest(
        new ByteArrayInputStream("{\"action\":\"sweep\"}".getBytes()),
        new ByteArrayOutputStream(),
        null);

    // THEN the metric says the second input has waited 10 minutes (and 3 s of the scenario's
    // steps),
    // and it is the backlog's only input
    assertThat(lines)
        .singleElement()
        .satisfies(
            l -> {
              JsonNode line = BacklogJson.mapper().readTree(l);
              assertThat(line.get("BacklogAgeSeconds").asLong()).isEqualTo(603);
              assertThat(line.get("BacklogInputs").asLong()).isEqualTo(1);
              assertThat(line.get("BacklogBytes").asLong()).isPositive();
              assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics")).hasSize(3);
            });
  }
}
