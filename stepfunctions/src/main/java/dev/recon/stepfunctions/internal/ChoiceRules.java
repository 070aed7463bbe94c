package dev.recon.stepfunctions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Evaluates Choice rules: the comparison operators (String…, Numeric…, Boolean…, Timestamp…, each
 * also as …Path), StringMatches, the type tests (IsNull, IsPresent, IsNumeric, IsString, IsBoolean,
 * IsTimestamp) and And / Or / Not. A comparison whose variable has another type is false; a
 * variable that does not exist is a {@code States.Runtime} error except for IsPresent.
 */
public final class ChoiceRules {
  private ChoiceRules() {}

  public static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
    if (rule.has("And")) {
      for (JsonNode r : rule.get("And")) {
        if (!matches(r, input, context)) {
          return false;
        }
      }
      return true;
    }
    if (rule.has("Or")) {
      for (JsonNode r : rule.get("Or")) {
        if (matches(r, input, context)) {
          return true;
        }
      }
      return false;
    }
    if (rule.has("Not")) {
      return !matches(rule.get("Not"), input, context);
    }
    String variable = rule.path("Variable").asText(null);
    if (variable == null) {
      throw StatesError.runtime("Choice rule without Variable, And, Or or Not: " + rule);
    }
    String operator = operator(rule);
    JsonNode expected = rule.get(operator);
    if (operator.equals("IsPresent")) {
      return JsonPaths.read(variable, input, context).isPresent() == expected.asBoolean();
    }
    JsonNode value = JsonPaths.require(variable, input, context, "Variable");
    if (operator.startsWith("Is")) {
      return typeTest(operator, value) == expected.asBoolean();
    }
    if (operator.endsWith("Path")) {
      expected = JsonPaths.require(expected.asText(), input, context, operator);
      operator = operator.substring(0, operator.length() - "Path".length());
    }
    return compare(operator, value, expected);
  }

  private static String operator(JsonNode rule) {
    Iterator<String> names = rule.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("Variable") && !name.equals("Next") && !name.equals("Comment")) {
        return name;
      }
    }
    throw StatesError.runtime("Choice rule without a comparison operator: " + rule);
  }

  private static boolean typeTest(String operator, JsonNode value) {
    return switch (operator) {
      case "IsNull" -> value.isNull();
      case "IsNumeric" -> value.isNumber();
      case "IsString" -> value.isTextual();
      case "IsBoolean" -> value.isBoolean();
      case "IsTimestamp" -> timestamp(value).isPresent();
      default -> throw StatesError.runtime("unknown Choice operator " + operator);
    };
  }

  private static boolean compare(String operator, JsonNode value, JsonNode expected) {
    if (operator.startsWith("String")) {
      if (!value.isTextual() || !expected.isTextual()) {
        return false;
      }
      if (operator.equals("StringMatches")) {
        return wildcard(expected.asText()).matcher(value.asText()).matches();
      }
      return ordered(
          operator.substring("String".length()), value.asText().compareTo(expected.asText()));
    }
    if (operator.startsWith("Numeric")) {
      if (!value.isNumber() || !expected.isNumber()) {
        return false;
      }
      return ordered(
          operator.substring("Numeric".length()),
          value.decimalValue().compareTo(expected.decimalValue()));
    }
    if (operator.equals("BooleanEquals")) {
      return value.isBoolean() && expected.isBoolean() && value.asBoolean() == expected.asBoolean();
    }
    if (operator.startsWith("Timestamp")) {
      Optional<Instant> a = timestamp(value);
      Optional<Instant> b = timestamp(expected);
      if (a.isEmpty() || b.isEmpty()) {
        return false;
      }
      return ordered(operator.substring("Timestamp".length()), a.get().compareTo(b.get()));
    }
    throw StatesError.runtime("unknown Choice operator " + operator);
  }

  private static boolean ordered(String relation, int comparison) {
    IntPredicate test =
        switch (relation) {
          case "Equals" -> c -> c == 0;
          case "LessThan" -> c -> c < 0;
          case "GreaterThan" -> c -> c > 0;
          case "LessThanEquals" -> c -> c <= 0;
          case "GreaterThanEquals" -> c -> c >= 0;
          default -> throw StatesError.runtime("unknown Choice comparison " + relation);
        };
    return test.test(comparison);
  }

  private static Optional<Instant> timestamp(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literals.
   */
  static Pattern wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
