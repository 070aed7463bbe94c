package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  /**
   * The checks CloudWatch applies: every metric a directive names is a number at the root, every
   * dimension a string.
   */
  static void assertValidEmf(JsonNode line) {
    JsonNode aws = line.path("_aws");
    assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
    assertThat(aws.path("CloudWatchMetrics").isArray()).isTrue();
    assertThat(aws.path("CloudWatchMetrics")).isNotEmpty();
    for (JsonNode directive : aws.path("CloudWatchMetrics")) {
      assertThat(directive.path("Namespace").asText()).isNotEmpty();
      assertThat(directive.path("Metrics").size()).isBetween(1, Emf.MAX_METRICS_PER_DIRECTIVE);
      for (JsonNode set : directive.path("Dimensions")) {
        for (JsonNode d : set) {
          assertThat(line.path(d.asText()).isTextual())
              .as("dimension %s at root", d.asText())
              .isTrue();
        }
      }
      for (JsonNode m : directive.path("Metrics")) {
        assertThat(line.path(m.path("Name").asText()).isNumber())
            .as("metric %s at root", m.path("Name"))
            .isTrue();
        assertThat(m.path("Unit").asText()).isNotEmpty();
      }
    }
  }

  @Test
  void line_shouldAlsoCarryTheSetWithoutTenant_whenATenantIsADimension() throws Exception {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put("Environment", "prod");
    dims.put(Emf.TENANT, "acme");
    dims.put("Stage", "process");

    JsonNode line =
        JSON.readTree(
            Emf.line(
                Emf.NAMESPACE,
                dims,
                List.of(new Emf.Metric("EventsIn", Emf.COUNT, 3)),
                Map.of(),
                T));

    assertValidEmf(line);
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"Environment\",\"Tenant\",\"Stage\"],[\"Environment\",\"Stage\"]]");
    assertThat(line.path("Tenant").asText()).isEqualTo("acme");
    JsonNode without =
        JSON.readTree(
            Emf.line(
                Emf.NAMESPACE,
                Map.of("Environment", "prod"),
                List.of(new Emf.Metric("EventsIn", Emf.COUNT, 3)),
                Map.of(),
                T));
    assertThat(without.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"Environment\"]]");
  }

  @Test
  void line_shouldPutEveryMetricAtRootAsNumber_whenEncoded() throws Exception {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put("Environment", "prod");
    dims.put("Stage", "reduce");
    String line =
        Emf.line(
            "Recon",
            dims,
            List.of(
                new Emf.Metric("EventsIn", Emf.COUNT, 12),
                new Emf.Metric("CacheHitRatio", Emf.PERCENT, 62.5)),
            Map.of("Batch", "0000000007"),
            T);

    JsonNode n = JSON.readTree(line);
    assertValidEmf(n);
    assertThat(line).doesNotContain("\n");
    assertThat(n.path("_aws").path("Timestamp").asLong()).isEqualTo(T.toEpochMilli());
    JsonNode d = n.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(d.path("Namespace").asText()).isEqualTo("Recon");
    assertThat(d.path("Dimensions").get(0)).hasToString("[\"Environment\",\"Stage\"]");
    assertThat(n.path("EventsIn").isIntegralNumber()).isTrue();
    assertThat(n.path("EventsIn").asLong()).isEqualTo(12);
    assertThat(n.path("CacheHitRatio").asDouble()).isEqualTo(62.5);
    assertThat(n.path("Stage").asText()).isEqualTo("reduce");
    assertThat(n.path("Batch").asText()).isEqualTo("0000000007");
  }

  @Test
  void line_shouldSplitDirectives_whenMoreThan100Metrics() throws Exception {
    List<Emf.Metric> many = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      many.add(new Emf.Metric("M" + i, Emf.COUNT, i));
    }
    JsonNode n = JSON.readTree(Emf.line("Recon", Map.of("Environment", "dev"), many, Map.of(), T));
    assertValidEmf(n);
    assertThat(n.path("_aws").path("CloudWatchMetrics")).hasSize(3);
    assertThat(n.path("M229").asLong()).isEqualTo(229);
  }

  @Test
  void line_shouldRefuse_whenValueNotFiniteOrNameRepeatedOrDimensionEmpty() {
    assertThatThrownBy(() -> new Emf.Metric("X", Emf.PERCENT, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Emf.line(
                    "Recon",
                    Map.of("Stage", "x"),
                    List.of(new Emf.Metric("Stage", Emf.COUNT, 1)),
                    Map.of(),
                    T))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                Emf.line(
                    "Recon",
                    Map.of("Stage", ""),
                    List.of(new Emf.Metric("A", Emf.COUNT, 1)),
                    Map.of(),
                    T))
        .hasMessageContaining("dimension");
    assertThatThrownBy(() -> Emf.line("Recon", Map.of(), List.of(), Map.of(), T))
        .hasMessageContaining("at least one");
  }

  @Test
  void line_shouldKeepHostileTextAsJsonString_whenDimensionHasQuotes() throws Exception {
    JsonNode n =
        JSON.readTree(
            Emf.line(
                "Recon",
                Map.of("Environment", "a\"b\n}"),
                List.of(new Emf.Metric("A", Emf.COUNT, 1)),
                Map.of(),
                T));
    assertThat(n.path("Environment").asText()).isEqualTo("a\"b\n}");
  }

  private static Emf.Metric one() {
    return new Emf.Metric("A", Emf.COUNT, 1);
  }

  @Test
  void line_shouldAccept30Dimensions_andRefuse31() throws Exception {
    Map<String, String> dims = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      dims.put("D" + i, "v" + i);
    }
    JsonNode n = JSON.readTree(Emf.line("Recon", dims, List.of(one()), Map.of(), T));
    assertThat(n.at("/_aws/CloudWatchMetrics/0/Dimensions/0")).hasSize(30);
    assertThat(n.path("D29").asText()).isEqualTo("v29");
    dims.put("D30", "v30");
    assertThatThrownBy(() -> Emf.line("Recon", dims, List.of(one()), Map.of(), T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 30 dimensions");
  }

  @Test
  void line_shouldAcceptADimensionValueOf1024Characters_andRefuse1025() throws Exception {
    String longest = "x".repeat(1024);
    JsonNode n =
        JSON.readTree(Emf.line("Recon", Map.of("Stage", longest), List.of(one()), Map.of(), T));
    assertThat(n.path("Stage").asText()).isEqualTo(longest);
    assertThatThrownBy(
            () -> Emf.line("Recon", Map.of("Stage", longest + "x"), List.of(one()), Map.of(), T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension Stage needs a value of 1..1024 characters");
  }

  @Test
  void line_shouldRefuse_whenAPropertyReusesAMetricADimensionOrTheAwsName() {
    for (String name : new String[] {"A", "Stage", "_aws"}) {
      assertThatThrownBy(
              () -> Emf.line("Recon", Map.of("Stage", "s"), List.of(one()), Map.of(name, "p"), T))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("name used twice in one EMF line: " + name);
    }
  }

  @Test
  void line_shouldUseOneDirectivePer100Metrics_exactly() throws Exception {
    // GIVEN 100, 101 and 200 metrics: 1, 2 and 2 directives of at most 100
    int[] counts = {100, 101, 200};
    int[][] perDirective = {{100}, {100, 1}, {100, 100}};
    for (int c = 0; c < counts.length; c++) {
      List<Emf.Metric> many = new ArrayList<>();
      for (int i = 0; i < counts[c]; i++) {
        many.add(new Emf.Metric("M" + i, Emf.COUNT, i));
      }
      JsonNode directives =
          JSON.readTree(Emf.line("Recon", Map.of("Environment", "dev"), many, Map.of(), T))
              .at("/_aws/CloudWatchMetrics");
      assertThat(directives).as("%d metrics", counts[c]).hasSize(perDirective[c].length);
      for (int d = 0; d < perDirective[c].length; d++) {
        assertThat(directives.get(d).path("Metrics")).hasSize(perDirective[c][d]);
        assertThat(directives.get(d).at("/Metrics/0/Name").asText()).isEqualTo("M" + (100 * d));
      }
    }
  }
}
