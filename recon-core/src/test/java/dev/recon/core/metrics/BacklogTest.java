package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BacklogTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void toEmf_shouldEmitAgeInputsAndBytes_underTheDefaultTenant() throws Exception {
    // GIVEN 3 inputs of 2,048 bytes whose oldest waited 5 min 30 s
    Backlog b = new Backlog(3, 2048, Duration.ofSeconds(330));
    JsonNode line = EmfTest.JSON.readTree(b.toEmf("prod", T));
    EmfTest.assertValidEmf(line);
    // THEN one line with the three values, per tenant and over all tenants
    assertThat(line.path("Environment").asText()).isEqualTo("prod");
    assertThat(line.path("Tenant").asText()).isEqualTo("default");
    assertThat(line.path("BacklogAgeSeconds").asLong()).isEqualTo(330);
    assertThat(line.path("BacklogInputs").asLong()).isEqualTo(3);
    assertThat(line.path("BacklogBytes").asLong()).isEqualTo(2048);
    assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(T.toEpochMilli());
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Recon");
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"Environment\",\"Tenant\"],[\"Environment\"]]");
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics").toString())
        .isEqualTo(
            "[{\"Name\":\"BacklogAgeSeconds\",\"Unit\":\"Seconds\"},"
                + "{\"Name\":\"BacklogInputs\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"BacklogBytes\",\"Unit\":\"Bytes\"}]");
  }

  @Test
  void toEmf_shouldNameTheTenant_whenGivenOne() throws Exception {
    JsonNode line = EmfTest.JSON.readTree(Backlog.EMPTY.toEmf("dev", "acme", T));
    assertThat(line.path("Tenant").asText()).isEqualTo("acme");
    assertThat(line.path("BacklogAgeSeconds").asLong()).isZero();
    assertThat(line.path("BacklogInputs").asLong()).isZero();
  }

  @Test
  void backlog_shouldRefuseNegativeValues() {
    assertThatThrownBy(() -> new Backlog(-1, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backlog(0, -1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backlog(0, 0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
