package dev.recon.stepfunctions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath as the States Language uses it, evaluated by Jayway JsonPath over Jackson trees. Paths
 * starting with {@code $$} address the context object. Results are copies: callers may keep and
 * change them without touching the document they came from.
 */
public final class JsonPaths {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Configuration CONFIGURATION =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .build();
  private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

  private JsonPaths() {}

  /** The value at {@code path}, or empty when the path selects nothing. */
  public static Optional<JsonNode> read(String path, JsonNode input, JsonNode context) {
    boolean contextPath = path.startsWith("$$");
    JsonNode document = contextPath ? context : input;
    String jsonPath = contextPath ? path.substring(1) : path;
    if (document == null) {
      return Optional.empty();
    }
    try {
      Object value = compile(jsonPath).read(document, CONFIGURATION);
      return Optional.of(
          value instanceof JsonNode node ? node.deepCopy() : MAPPER.valueToTree(value));
    } catch (PathNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The value at {@code path}; a {@code States.Runtime} error naming {@code field} when absent. */
  public static JsonNode require(String path, JsonNode input, JsonNode context, String field) {
    return read(path, input, context)
        .orElseThrow(
            () ->
                StatesError.runtime(
                    "the JSONPath '"
                        + path
                        + "' specified for the field '"
                        + field
                        + "' could not be found in the input "
                        + abbreviate(contextIfContext(path, input, context))));
  }

  /** InputPath / OutputPath: {@code null} gives {@code {}}, absent gives the whole input. */
  public static JsonNode select(JsonNode state, String field, JsonNode input, JsonNode context) {
    if (!state.has(field)) {
      return input;
    }
    JsonNode path = state.get(field);
    if (path.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    return require(path.asText(), input, context, field);
  }

  /**
   * ResultPath: places {@code result} into a copy of {@code input} at the reference path (creating
   * missing objects), replaces the input for {@code $}, or keeps the input for {@code null}.
   */
  public static JsonNode applyResultPath(JsonNode resultPath, JsonNode input, JsonNode result) {
    if (resultPath == null) {
      return result;
    }
    if (resultPath.isNull()) {
      return input;
    }
    List<Object> segments = referencePath(resultPath.asText());
    if (segments.isEmpty()) {
      return result;
    }
    JsonNode root = input.deepCopy();
    JsonNode node = root;
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (segment instanceof String name && node instanceof ObjectNode object) {
        if (last) {
          object.set(name, result);
        } else {
          JsonNode child = object.get(name);
          if (child == null) {
            child = object.putObject(name);
          }
          node = child;
        }
      } else if (segment instanceof Integer index
          && node instanceof ArrayNode array
          && index < array.size()) {
        if (last) {
          array.set(index, result);
        } else {
          node = array.get(index);
        }
      } else {
        throw new StatesError(
            StatesError.RESULT_PATH_MATCH_FAILURE,
            "unable to apply ResultPath '"
                + resultPath.asText()
                + "' to input "
                + abbreviate(input));
      }
    }
    return root;
  }

  /**
   * Splits a reference path ({@code $}, {@code $.a.b}, {@code $['a'][0]}) into names and indexes.
   * Jayway checks the syntax and that the path is definite; only the split is done here, because
   * Jayway has no API to create the missing parents of a path it writes.
   */
  static List<Object> referencePath(String path) {
    JsonPath compiled;
    try {
      compiled = compile(path);
    } catch (StatesError e) {
      throw StatesError.runtime("invalid ResultPath '" + path + "'");
    }
    if (!compiled.isDefinite() || path.contains("..") || path.contains("@")) {
      throw StatesError.runtime("ResultPath '" + path + "' is not a reference path");
    }
    List<Object> segments = new ArrayList<>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        segments.add(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = closingBracket(path, i);
        String inner = path.substring(i + 1, close).trim();
        if (inner.startsWith("'") || inner.startsWith("\"")) {
          segments.add(inner.substring(1, inner.length() - 1));
        } else {
          segments.add(Integer.parseInt(inner));
        }
        i = close + 1;
      } else {
        throw StatesError.runtime("ResultPath '" + path + "' is not a reference path");
      }
    }
    return segments;
  }

  private static int closingBracket(String path, int open) {
    char quote = 0;
    for (int i = open + 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ']') {
        return i;
      }
    }
    throw StatesError.runtime("unbalanced brackets in path '" + path + "'");
  }

  static JsonPath compile(String path) {
    try {
      return COMPILED.computeIfAbsent(path, JsonPath::compile);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw StatesError.runtime("invalid JSONPath '" + path + "': " + e.getMessage());
    }
  }

  private static JsonNode contextIfContext(String path, JsonNode input, JsonNode context) {
    return path.startsWith("$$") ? context : input;
  }

  static String abbreviate(JsonNode node) {
    String s = String.valueOf(node);
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
