package dev.recon.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.stepfunctions.internal.DefinitionChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Amazon States Language definition, after {@code ${Placeholder}} substitution done the
 * way CloudFormation's {@code DefinitionSubstitutions} does it: plain text replacement before the
 * JSON is parsed. Placeholders without a value stay as they are, so a definition can run locally
 * unsubstituted and its Task resources keyed by placeholder (see {@link TaskRegistry}).
 *
 * <p>Parsing checks the structure the runner relies on (every {@code StartAt}, {@code Next}, {@code
 * Default} and Catch target exists, every state ends or continues) and throws {@link
 * DefinitionException} listing every problem. Immutable.
 */
public final class StateMachineDefinition {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

  private final String name;
  private final String text;
  private final JsonNode json;

  private StateMachineDefinition(String name, String text, JsonNode json) {
    this.name = name;
    this.text = text;
    this.json = json;
  }

  /** Parses {@code text} after substituting the given placeholder values. */
  public static StateMachineDefinition parse(
      String name, String text, Map<String, String> substitutions) {
    Objects.requireNonNull(name, "name");
    String substituted = substitute(text, substitutions);
    JsonNode json;
    try {
      json = MAPPER.readTree(substituted);
    } catch (JsonProcessingException e) {
      throw new DefinitionException(
          "state machine " + name + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    List<String> problems = DefinitionChecker.check(json);
    if (!problems.isEmpty()) {
      throw new DefinitionException(
          "state machine " + name + " is invalid:\n  " + String.join("\n  ", problems));
    }
    return new StateMachineDefinition(name, substituted, json);
  }

  public static StateMachineDefinition fromFile(Path file, Map<String, String> substitutions) {
    try {
      return parse(baseName(file.getFileName().toString()), Files.readString(file), substitutions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Loads a definition from the classpath, e.g. {@link Definitions#STATELESS}. */
  public static StateMachineDefinition fromClasspath(
      String resource, Map<String, String> substitutions) {
    try (InputStream in =
        StateMachineDefinition.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new DefinitionException(
            "no state machine definition on the classpath at " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(
          baseName(resource.substring(resource.lastIndexOf('/') + 1)), text, substitutions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The {@code ${Name}} placeholders that occur in {@code text}, sorted. */
  public static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  static String substitute(String text, Map<String, String> substitutions) {
    if (substitutions == null || substitutions.isEmpty()) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String value = substitutions.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String baseName(String fileName) {
    int dot = fileName.indexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  /** The state machine's name, e.g. {@code stateless} for {@code stateless.asl.json}. */
  public String name() {
    return name;
  }

  /** The definition text after substitution. */
  public String text() {
    return text;
  }

  /** The parsed definition. Callers must not modify it. */
  public JsonNode json() {
    return json;
  }

  /** Placeholders left without a value. */
  public Set<String> unresolvedPlaceholders() {
    return placeholders(text);
  }

  @Override
  public String toString() {
    return "StateMachineDefinition[" + name + "]";
  }
}
