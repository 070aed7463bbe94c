package dev.recon.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.recon.stepfunctions.Json;
import org.junit.jupiter.api.Test;

class JsonPathsTest {

  private static final JsonNode INPUT = Json.of("{'a': {'b': [10, 20], 'n': null}, 's': 'x'}");
  private static final JsonNode CONTEXT = Json.of("{'Execution': {'Id': 'e1'}}");

  @Test
  void read_shouldReturnValue_whenPathSelectsNode() {
    assertThat(JsonPaths.read("$.a.b[1]", INPUT, CONTEXT)).contains(Json.of("20"));
    assertThat(JsonPaths.read("$['s']", INPUT, CONTEXT))
        .contains(Json.of("'x'".replace('\'', '"')));
    assertThat(JsonPaths.read("$.a.n", INPUT, CONTEXT)).contains(NullNode.getInstance());
    assertThat(JsonPaths.read("$", INPUT, CONTEXT)).contains(INPUT);
  }

  @Test
  void read_shouldReadContextObject_whenPathStartsWithDoubleDollar() {
    assertThat(JsonPaths.read("$$.Execution.Id", INPUT, CONTEXT))
        .contains(Json.of("'e1'".replace('\'', '"')));
  }

  @Test
  void read_shouldReturnEmpty_whenPathSelectsNothing() {
    assertThat(JsonPaths.read("$.a.missing", INPUT, CONTEXT)).isEmpty();
    assertThat(JsonPaths.read("$.s.deeper", INPUT, CONTEXT)).isEmpty();
  }

  @Test
  void read_shouldReturnCopy_whenCallerChangesResult() {
    JsonNode a = JsonPaths.read("$.a", INPUT, CONTEXT).orElseThrow();
    ((com.fasterxml.jackson.databind.node.ObjectNode) a).put("changed", true);
    assertThat(INPUT.get("a").has("changed")).isFalse();
  }

  @Test
  void require_shouldThrowRuntimeError_whenPathSelectsNothing() {
    assertThatThrownBy(() -> JsonPaths.require("$.nope", INPUT, CONTEXT, "x.$"))
        .isInstanceOfSatisfying(
            StatesError.class,
            e -> {
              assertThat(e.error()).isEqualTo("States.Runtime");
              assertThat(e.handleable()).isFalse();
            });
  }

  @Test
  void applyResultPath_shouldCreateMissingParents_whenPathIsDeep() {
    JsonNode out =
        JsonPaths.applyResultPath(Json.parse("\"$.x.y['z']\""), INPUT, Json.of("{'r': 1}"));
    assertThat(out.at("/x/y/z")).isEqualTo(Json.of("{'r': 1}"));
    assertThat(out.get("a")).isEqualTo(INPUT.get("a"));
    assertThat(INPUT.has("x")).as("input untouched").isFalse();
  }

  @Test
  void applyResultPath_shouldReplaceKeepOrIndex_whenPathIsRootNullOrArrayIndex() {
    JsonNode result = Json.of("{'r': 1}");
    assertThat(JsonPaths.applyResultPath(null, INPUT, result)).isEqualTo(result);
    assertThat(JsonPaths.applyResultPath(Json.parse("\"$\""), INPUT, result)).isEqualTo(result);
    assertThat(JsonPaths.applyResultPath(NullNode.getInstance(), INPUT, result)).isEqualTo(INPUT);
    assertThat(JsonPaths.applyResultPath(Json.parse("\"$.a.b[0]\""), INPUT, result).at("/a/b"))
        .isEqualTo(Json.of("[{'r': 1}, 20]"));
  }

  @Test
  void applyResultPath_shouldFailWithResultPathMatchFailure_whenParentIsNotAnObject() {
    assertThatThrownBy(
            () -> JsonPaths.applyResultPath(Json.parse("\"$.s.t\""), INPUT, Json.of("1")))
        .isInstanceOfSatisfying(
            StatesError.class,
            e -> {
              assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure");
              assertThat(e.handleable()).isTrue();
            });
  }

  @Test
  void applyResultPath_shouldRejectPath_whenItIsNotAReferencePath() {
    assertThatThrownBy(
            () -> JsonPaths.applyResultPath(Json.parse("\"$.a[*]\""), INPUT, Json.of("1")))
        .isInstanceOf(StatesError.class)
        .hasMessageContaining("not a reference path");
  }

  @Test
  void select_shouldGiveEmptyObjectOrWholeInput_whenFieldIsNullOrAbsent() {
    assertThat(JsonPaths.select(Json.of("{'InputPath': null}"), "InputPath", INPUT, CONTEXT))
        .isEqualTo(Json.of("{}"));
    assertThat(JsonPaths.select(Json.of("{}"), "InputPath", INPUT, CONTEXT)).isSameAs(INPUT);
    assertThat(JsonPaths.select(Json.of("{'InputPath': '$.a.b'}"), "InputPath", INPUT, CONTEXT))
        .isEqualTo(Json.of("[10, 20]"));
  }
}
