package dev.recon.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.stepfunctions.Json;
import org.junit.jupiter.api.Test;

class IntrinsicFunctionsTest {

  private static final JsonNode INPUT =
      Json.of(
          "{'n': 7, 's': 'a,b;;c', 'o': {'k': 'v'}, 'arr': [1, 2, 2, 3], 'j': '{\\u0022x\\u0022: 1}'}");
  private static final JsonNode CONTEXT = Json.of("{'Execution': {'Id': 'e1'}}");

  private static JsonNode eval(String expression) {
    return IntrinsicFunctions.evaluate(expression, INPUT, CONTEXT);
  }

  @Test
  void format_shouldFillPlaceholdersAndKeepEscapes_whenArgumentsMix() {
    assertThat(
            eval("States.Format('n={}, id={}, {} \\{lit\\} it\\'s', $.n, $$.Execution.Id, true)")
                .asText())
        .isEqualTo("n=7, id=e1, true {lit} it's");
  }

  @Test
  void array_shouldNestCalls_whenArgumentIsAnotherFunction() {
    assertThat(
            eval(
                "States.Array('spark-submit', '--batch', States.Format('{}', $.n), $.o, null, 1.5)"))
        .isEqualTo(Json.of("['spark-submit', '--batch', '7', {'k': 'v'}, null, 1.5]"));
  }

  @Test
  void jsonFunctions_shouldRoundTrip_whenConvertingBothWays() {
    assertThat(eval("States.StringToJson($.j)")).isEqualTo(Json.of("{'x': 1}"));
    assertThat(eval("States.JsonToString($.o)").asText()).isEqualTo("{\"k\":\"v\"}");
    assertThat(eval("States.StringToJson(States.JsonToString($.o))")).isEqualTo(INPUT.get("o"));
    assertThat(eval("States.JsonMerge($.o, States.StringToJson($.j), false)"))
        .isEqualTo(Json.of("{'k': 'v', 'x': 1}"));
  }

  @Test
  void mathAndArrays_shouldCompute_whenArgumentsAreValid() {
    assertThat(eval("States.MathAdd($.n, -10)").asLong()).isEqualTo(-3);
    assertThat(eval("States.ArrayLength($.arr)").asInt()).isEqualTo(4);
    assertThat(eval("States.ArrayGetItem($.arr, 3)").asInt()).isEqualTo(3);
    assertThat(eval("States.ArrayContains($.arr, 2)").asBoolean()).isTrue();
    assertThat(eval("States.ArrayUnique($.arr)")).isEqualTo(Json.of("[1, 2, 3]"));
    assertThat(eval("States.ArrayRange(1, 9, 3)")).isEqualTo(Json.of("[1, 4, 7]"));
    assertThat(eval("States.ArrayPartition($.arr, 3)")).isEqualTo(Json.of("[[1, 2, 2], [3]]"));
    assertThat(eval("States.StringSplit($.s, ',;')")).isEqualTo(Json.of("['a', 'b', 'c']"));
  }

  @Test
  void encodings_shouldMatchKnownValues_whenHashingAndBase64() {
    assertThat(eval("States.Base64Encode('recon')").asText()).isEqualTo("cmVjb24=");
    assertThat(eval("States.Base64Decode('cmVjb24=')").asText()).isEqualTo("recon");
    assertThat(eval("States.Hash('abc', 'SHA-256')").asText())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(eval("States.UUID()").asText()).hasSize(36);
  }

  @Test
  void evaluate_shouldFailWithIntrinsicFailure_whenArgumentsAreWrong() {
    assertThatThrownBy(() -> eval("States.MathAdd($.n, 'x')"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
    assertThatThrownBy(() -> eval("States.Format('{} {}', 1)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
    assertThatThrownBy(() -> eval("States.ArrayGetItem($.arr, 9)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
    assertThatThrownBy(() -> eval("States.JsonMerge($.o, $.o, true)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
  }

  @Test
  void evaluate_shouldFailWithRuntimeError_whenSyntaxOrNameIsWrong() {
    assertThatThrownBy(() -> eval("States.Format('unterminated)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    assertThatThrownBy(() -> eval("States.Nope(1)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    assertThatThrownBy(() -> eval("States.Array(1) trailing"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    assertThatThrownBy(() -> eval("States.Array($.missing)"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
  }
}
