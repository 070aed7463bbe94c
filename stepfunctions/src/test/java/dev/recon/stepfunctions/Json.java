package dev.recon.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Test helper: JSON text to trees. Accepts single quotes so Java strings stay readable. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON written with ' instead of " (no ' may occur inside strings). */
  public static JsonNode of(String singleQuoted) {
    return parse(singleQuoted.replace('\'', '"'));
  }
}
