package dev.recon.stepfunctions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The States Language intrinsic functions ({@code States.Format}, {@code States.Array}, …): a small
 * parser for the call syntax and the functions themselves. Path arguments are read with {@link
 * JsonPaths}. Errors in a call are {@code States.IntrinsicFailure}; syntax errors {@code
 * States.Runtime}.
 */
public final class IntrinsicFunctions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> HASH_ALGORITHMS =
      Map.of(
          "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512",
          "SHA-512");

  /** Numbers equal by value (1 == 1.0), everything else by Jackson's equality. */
  private static final Comparator<JsonNode> NUMERIC_EQUALITY =
      (x, y) ->
          x.isNumber() && y.isNumber()
              ? x.decimalValue().compareTo(y.decimalValue())
              : (x.equals(y) ? 0 : 1);

  private IntrinsicFunctions() {}

  public static JsonNode evaluate(String expression, JsonNode input, JsonNode context) {
    Parser parser = new Parser(expression);
    Call call = parser.call();
    parser.end();
    return call.evaluate(input, context);
  }

  /** A parsed argument. */
  private sealed interface Arg permits Literal, PathArg, Call {
    JsonNode evaluate(JsonNode input, JsonNode context);
  }

  /** A literal; {@code raw} keeps a string's escapes so {@code States.Format} can tell {@code \{} from {@code {}. */
  private record Literal(JsonNode value, String raw) implements Arg {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return value;
    }
  }

  private record PathArg(String path) implements Arg {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return JsonPaths.require(path, input, context, "intrinsic function argument");
    }
  }

  private record Call(String name, List<Arg> args) implements Arg {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      List<JsonNode> values = new ArrayList<>(args.size());
      for (Arg arg : args) {
        values.add(arg.evaluate(input, context));
      }
      return invoke(this, values);
    }
  }

  private static JsonNode invoke(Call call, List<JsonNode> a) {
    String name = call.name();
    switch (name) {
      case "States.Format" -> {
        if (a.isEmpty()
            || !(call.args().get(0) instanceof Literal template)
            || !template.value().isTextual()) {
          throw failure(name, "the first argument must be a string literal template");
        }
        return NODES.textNode(format(template.raw(), a.subList(1, a.size())));
      }
      case "States.StringToJson" -> {
        arity(name, a, 1);
        try {
          return MAPPER.readTree(string(name, a, 0));
        } catch (JsonProcessingException e) {
          throw failure(name, "not JSON: " + e.getOriginalMessage());
        }
      }
      case "States.JsonToString" -> {
        arity(name, a, 1);
        return NODES.textNode(a.get(0).toString());
      }
      case "States.Array" -> {
        ArrayNode out = NODES.arrayNode();
        a.forEach(out::add);
        return out;
      }
      case "States.ArrayPartition" -> {
        arity(name, a, 2);
        ArrayNode array = array(name, a, 0);
        int size = integer(name, a, 1);
        if (size < 1) {
          throw failure(name, "the chunk size must be positive");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < array.size(); i += size) {
          ArrayNode chunk = out.addArray();
          for (int j = i; j < Math.min(i + size, array.size()); j++) {
            chunk.add(array.get(j));
          }
        }
        return out;
      }
      case "States.ArrayContains" -> {
        arity(name, a, 2);
        ArrayNode array = array(name, a, 0);
        for (JsonNode element : array) {
          if (element.equals(NUMERIC_EQUALITY, a.get(1))) {
            return NODES.booleanNode(true);
          }
        }
        return NODES.booleanNode(false);
      }
      case "States.ArrayRange" -> {
        arity(name, a, 3);
        int start = integer(name, a, 0);
        int end = integer(name, a, 1);
        int step = integer(name, a, 2);
        if (step == 0) {
          throw failure(name, "the step must not be 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
          if (out.size() == 1000) {
            throw failure(name, "more than 1000 elements");
          }
          out.add(number(v));
        }
        return out;
      }
      case "States.ArrayGetItem" -> {
        arity(name, a, 2);
        ArrayNode array = array(name, a, 0);
        int index = integer(name, a, 1);
        if (index < 0 || index >= array.size()) {
          throw failure(name, "index " + index + " out of bounds for length " + array.size());
        }
        return array.get(index);
      }
      case "States.ArrayLength" -> {
        arity(name, a, 1);
        return NODES.numberNode(array(name, a, 0).size());
      }
      case "States.ArrayUnique" -> {
        arity(name, a, 1);
        Set<JsonNode> seen = new LinkedHashSet<>();
        array(name, a, 0).forEach(seen::add);
        ArrayNode out = NODES.arrayNode();
        seen.forEach(out::add);
        return out;
      }
      case "States.Base64Encode" -> {
        arity(name, a, 1);
        return NODES.textNode(
            Base64.getEncoder()
                .encodeToString(string(name, a, 0).getBytes(StandardCharsets.UTF_8)));
      }
      case "States.Base64Decode" -> {
        arity(name, a, 1);
        try {
          return NODES.textNode(
              new String(Base64.getDecoder().decode(string(name, a, 0)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw failure(name, "not Base64: " + e.getMessage());
        }
      }
      case "States.Hash" -> {
        arity(name, a, 2);
        String algorithm = HASH_ALGORITHMS.get(string(name, a, 1).toUpperCase(Locale.ROOT));
        if (algorithm == null) {
          throw failure(name, "unsupported algorithm " + a.get(1));
        }
        try {
          byte[] digest =
              MessageDigest.getInstance(algorithm)
                  .digest(string(name, a, 0).getBytes(StandardCharsets.UTF_8));
          return NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
          throw failure(name, e.getMessage());
        }
      }
      case "States.JsonMerge" -> {
        arity(name, a, 3);
        if (!a.get(0).isObject() || !a.get(1).isObject() || !a.get(2).isBoolean()) {
          throw failure(name, "expects two objects and a boolean");
        }
        if (a.get(2).asBoolean()) {
          throw failure(name, "only the shallow merge (false) is supported, as on AWS");
        }
        ObjectNode out = a.get(0).deepCopy();
        out.setAll((ObjectNode) a.get(1).deepCopy());
        return out;
      }
      case "States.MathRandom" -> {
        if (a.size() != 2 && a.size() != 3) {
          throw failure(name, "expects 2 or 3 arguments");
        }
        int start = integer(name, a, 0);
        int end = integer(name, a, 1);
        if (end <= start) {
          throw failure(name, "the end must be greater than the start");
        }
        Random random = a.size() == 3 ? new Random(integer(name, a, 2)) : new Random();
        return NODES.numberNode(start + random.nextInt(end - start));
      }
      case "States.MathAdd" -> {
        arity(name, a, 2);
        return number((long) integer(name, a, 0) + integer(name, a, 1));
      }
      case "States.StringSplit" -> {
        arity(name, a, 2);
        String text = string(name, a, 0);
        String delimiters = string(name, a, 1);
        ArrayNode out = NODES.arrayNode();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (delimiters.indexOf(c) >= 0) {
            if (token.length() > 0) {
              out.add(token.toString());
            }
            token.setLength(0);
          } else {
            token.append(c);
          }
        }
        if (token.length() > 0) {
          out.add(token.toString());
        }
        return out;
      }
      case "States.UUID" -> {
        arity(name, a, 0);
        return NODES.textNode(UUID.randomUUID().toString());
      }
      default -> throw StatesError.runtime("unknown intrinsic function " + name);
    }
  }

  /** Replaces each unescaped {@code {}} of the raw template with the next argument. */
  private static String format(String rawTemplate, List<JsonNode> args) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < rawTemplate.length(); i++) {
      char c = rawTemplate.charAt(i);
      if (c == '\\' && i + 1 < rawTemplate.length()) {
        out.append(rawTemplate.charAt(++i));
      } else if (c == '{' && i + 1 < rawTemplate.length() && rawTemplate.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw failure("States.Format", "more placeholders than arguments");
        }
        JsonNode arg = args.get(next++);
        if (arg.isContainerNode()) {
          throw failure("States.Format", "arguments must be strings, numbers, booleans or null");
        }
        out.append(arg.isTextual() ? arg.asText() : arg.toString());
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw failure("States.Format", "more arguments than placeholders");
    }
    return out.toString();
  }

  /**
   * An int node when the value fits, as Jackson reads JSON, so results compare equal to parsed
   * JSON.
   */
  private static JsonNode number(long v) {
    return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
  }

  private static void arity(String name, List<JsonNode> a, int n) {
    if (a.size() != n) {
      throw failure(name, "expects " + n + " argument(s), got " + a.size());
    }
  }

  private static String string(String name, List<JsonNode> a, int i) {
    if (!a.get(i).isTextual()) {
      throw failure(name, "argument " + (i + 1) + " must be a string: " + a.get(i));
    }
    return a.get(i).asText();
  }

  private static ArrayNode array(String name, List<JsonNode> a, int i) {
    if (!a.get(i).isArray()) {
      throw failure(
          name, "argument " + (i + 1) + " must be an array: " + JsonPaths.abbreviate(a.get(i)));
    }
    return (ArrayNode) a.get(i);
  }

  private static int integer(String name, List<JsonNode> a, int i) {
    JsonNode v = a.get(i);
    if (!v.isNumber() || !isIntegral(v.decimalValue()) || !v.canConvertToInt()) {
      throw failure(name, "argument " + (i + 1) + " must be an integer: " + v);
    }
    return v.asInt();
  }

  private static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static StatesError failure(String function, String message) {
    return new StatesError(StatesError.INTRINSIC_FAILURE, function + ": " + message);
  }

  /** Recursive-descent parser of {@code States.Name(arg, …)}. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Call call() {
      skipSpaces();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      String name = text.substring(start, pos);
      if (!name.startsWith("States.")) {
        throw syntax("expected an intrinsic function name");
      }
      expect('(');
      List<Arg> args = new ArrayList<>();
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return new Call(name, args);
      }
      while (true) {
        args.add(arg());
        skipSpaces();
        char c = peek();
        pos++;
        if (c == ')') {
          return new Call(name, args);
        }
        if (c != ',') {
          throw syntax("expected ',' or ')'");
        }
      }
    }

    void end() {
      skipSpaces();
      if (pos != text.length()) {
        throw syntax("unexpected text after the call");
      }
    }

    private Arg arg() {
      skipSpaces();
      char c = peek();
      if (c == '\'') {
        return string();
      }
      if (c == '$') {
        return path();
      }
      if (text.startsWith("States.", pos)) {
        return call();
      }
      int start = pos;
      while (pos < text.length() && ",) \t".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      String token = text.substring(start, pos);
      switch (token) {
        case "true":
          return new Literal(NODES.booleanNode(true), token);
        case "false":
          return new Literal(NODES.booleanNode(false), token);
        case "null":
          return new Literal(NODES.nullNode(), token);
        default:
          try {
            BigDecimal number = new BigDecimal(token);
            JsonNode value =
                number.scale() <= 0
                        && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? number(number.longValueExact())
                    : NODES.numberNode(number.doubleValue());
            return new Literal(value, token);
          } catch (NumberFormatException | ArithmeticException e) {
            throw syntax("unexpected argument '" + token + "'");
          }
      }
    }

    private Literal string() {
      int start = pos;
      pos++; // opening quote
      StringBuilder value = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '\\' && pos < text.length()) {
          value.append(text.charAt(pos++));
        } else if (c == '\'') {
          String raw = text.substring(start + 1, pos - 1);
          return new Literal(NODES.textNode(value.toString()), raw);
        } else {
          value.append(c);
        }
      }
      throw syntax("unterminated string");
    }

    private PathArg path() {
      int start = pos;
      int depth = 0;
      char quote = 0;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || (c == ')' && depth > 0)) {
          depth--;
        } else if (depth == 0 && (c == ',' || c == ')')) {
          break;
        }
        pos++;
      }
      return new PathArg(text.substring(start, pos).trim());
    }

    private void expect(char c) {
      skipSpaces();
      if (peek() != c) {
        throw syntax("expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      if (pos >= text.length()) {
        throw syntax("unexpected end");
      }
      return text.charAt(pos);
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private StatesError syntax(String message) {
      return StatesError.runtime(
          "intrinsic function syntax: " + message + " at " + pos + " in " + text);
    }
  }
}
