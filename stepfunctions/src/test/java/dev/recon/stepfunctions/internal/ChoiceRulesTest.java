package dev.recon.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.stepfunctions.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceRulesTest {

  private static final JsonNode INPUT =
      Json.of(
          "{'s': 'beta', 'n': 5, 'd': 2.5, 'b': true, 'z': null, 't': '2026-01-02T00:00:00Z', 'u': '2026-01-01T00:00:00+01:00',"
              + " 'other': {'s': 'alpha', 'n': 5, 'b': true, 't': '2026-01-02T00:00:00Z'}, 'file': 'log-*.txt', 'name': 'log-7.txt'}");

  private static boolean eval(String rule) {
    return ChoiceRules.matches(Json.of(rule), INPUT, Json.of("{}"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "StringEquals | 'beta' | true",
        "StringEquals | 'alpha' | false",
        "StringLessThan | 'gamma' | true",
        "StringGreaterThan | 'alpha' | true",
        "StringLessThanEquals | 'beta' | true",
        "StringGreaterThanEquals | 'c' | false",
        "StringMatches | 'b*a' | true",
        "StringMatches | 'x*' | false"
      })
  void matches_shouldCompareStrings_whenVariableIsString(
      String op, String value, boolean expected) {
    assertThat(eval("{'Variable': '$.s', '" + op + "': " + value + "}")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "NumericEquals | 5 | true",
        "NumericEquals | 5.0 | true",
        "NumericLessThan | 6 | true",
        "NumericGreaterThan | 5 | false",
        "NumericLessThanEquals | 5 | true",
        "NumericGreaterThanEquals | 4.9 | true"
      })
  void matches_shouldCompareNumbers_whenVariableIsNumber(
      String op, String value, boolean expected) {
    assertThat(eval("{'Variable': '$.n', '" + op + "': " + value + "}")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "TimestampEquals | '2026-01-02T00:00:00Z' | true",
        "TimestampLessThan | '2026-01-03T00:00:00Z' | true",
        "TimestampGreaterThan | '2026-01-03T00:00:00Z' | false",
        "TimestampLessThanEquals | '2026-01-02T01:00:00+01:00' | true",
        "TimestampGreaterThanEquals | '2025-12-31T23:59:59Z' | true"
      })
  void matches_shouldCompareInstants_whenVariableIsTimestamp(
      String op, String value, boolean expected) {
    assertThat(eval("{'Variable': '$.t', '" + op + "': " + value + "}")).isEqualTo(expected);
  }

  @Test
  void matches_shouldCompareAgainstAnotherPath_whenOperatorEndsWithPath() {
    assertThat(eval("{'Variable': '$.s', 'StringGreaterThanPath': '$.other.s'}")).isTrue();
    assertThat(eval("{'Variable': '$.n', 'NumericEqualsPath': '$.other.n'}")).isTrue();
    assertThat(eval("{'Variable': '$.b', 'BooleanEqualsPath': '$.other.b'}")).isTrue();
    assertThat(eval("{'Variable': '$.t', 'TimestampEqualsPath': '$.other.t'}")).isTrue();
    assertThat(eval("{'Variable': '$.name', 'StringEqualsPath': '$.file'}")).isFalse();
  }

  @Test
  void matches_shouldBeFalse_whenTypesDiffer() {
    assertThat(eval("{'Variable': '$.s', 'NumericEquals': 5}")).isFalse();
    assertThat(eval("{'Variable': '$.n', 'StringEquals': '5'}")).isFalse();
    assertThat(eval("{'Variable': '$.s', 'BooleanEquals': true}")).isFalse();
    assertThat(eval("{'Variable': '$.s', 'TimestampEquals': '2026-01-02T00:00:00Z'}")).isFalse();
  }

  @Test
  void matches_shouldTestTypesAndPresence_whenTypeOperatorsAreUsed() {
    assertThat(eval("{'Variable': '$.z', 'IsNull': true}")).isTrue();
    assertThat(eval("{'Variable': '$.s', 'IsNull': false}")).isTrue();
    assertThat(eval("{'Variable': '$.d', 'IsNumeric': true}")).isTrue();
    assertThat(eval("{'Variable': '$.s', 'IsString': true}")).isTrue();
    assertThat(eval("{'Variable': '$.b', 'IsBoolean': true}")).isTrue();
    assertThat(eval("{'Variable': '$.u', 'IsTimestamp': true}")).isTrue();
    assertThat(eval("{'Variable': '$.s', 'IsTimestamp': true}")).isFalse();
    assertThat(eval("{'Variable': '$.missing', 'IsPresent': false}")).isTrue();
    assertThat(eval("{'Variable': '$.z', 'IsPresent': true}")).isTrue();
  }

  @Test
  void matches_shouldCombine_whenAndOrNotAreNested() {
    assertThat(
            eval(
                "{'And': [{'Variable': '$.n', 'NumericEquals': 5}, {'Or': [{'Variable': '$.s', 'StringEquals': 'x'}, {'Not': {'Variable': '$.b', 'BooleanEquals': false}}]}]}"))
        .isTrue();
    assertThat(
            eval(
                "{'Or': [{'Variable': '$.n', 'NumericEquals': 6}, {'Variable': '$.s', 'StringEquals': 'x'}]}"))
        .isFalse();
  }

  @Test
  void matches_shouldHonourEscapes_whenStringMatchesPatternHasLiteralStar() {
    assertThat(ChoiceRules.wildcard("log-\\*.txt").matcher("log-*.txt").matches()).isTrue();
    assertThat(ChoiceRules.wildcard("log-\\*.txt").matcher("log-7.txt").matches()).isFalse();
    assertThat(ChoiceRules.wildcard("log-*.txt").matcher("log-7.txt").matches()).isTrue();
  }

  @Test
  void matches_shouldFailWithRuntimeError_whenVariableIsMissing() {
    assertThatThrownBy(() -> eval("{'Variable': '$.missing', 'StringEquals': 'x'}"))
        .isInstanceOfSatisfying(
            StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
  }
}
