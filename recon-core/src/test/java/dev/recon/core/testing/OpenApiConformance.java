package dev.recon.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks real HTTP responses against an OpenAPI 3.1 document: the request path matches one of its
 * path templates, the status is declared for that operation, the content type is one the response
 * declares (no body when it declares none), required headers are present and match their schema,
 * and a JSON or text body validates against the media type's schema (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1, by networknt's validator).
 *
 * <p>Schemas are validated in place: the document itself is the schema resource, with a root {@code
 * $ref} to the response's schema, so every {@code #/components/...} reference resolves as in the
 * document.
 */
public final class OpenApiConformance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private final JsonNode document;
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  public OpenApiConformance(byte[] document) {
    try {
      this.document = JSON.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document's path templates, in its order. */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /**
   * The path template a raw request path (no query) matches: a {@code {name}} template segment
   * matches one non-empty segment; of several matches, the one with the most literal segments.
   */
  public Optional<String> template(String rawPath) {
    String[] segments = rawPath.split("/", -1);
    String best = null;
    int bestLiterals = -1;
    for (String template : paths()) {
      String[] t = template.split("/", -1);
      if (t.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean match = true;
      for (int i = 0; i < t.length && match; i++) {
        if (t[i].startsWith("{") && t[i].endsWith("}")) {
          match = !segments[i].isEmpty();
        } else {
          match = t[i].equals(segments[i]);
          literals++;
        }
      }
      if (match && literals > bestLiterals) {
        best = template;
        bestLiterals = literals;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * What is wrong with one response to {@code method rawPath} (HEAD is checked as GET, without a
   * body): empty when it conforms. {@code headers} names are matched case-insensitively.
   */
  public List<String> violations(
      String method, String rawPath, int status, Map<String, List<String>> headers, String body) {
    List<String> out = new ArrayList<>();
    String what = method + " " + rawPath + " → " + status;
    Optional<String> template = template(rawPath);
    if (template.isEmpty()) {
      return List.of(what + ": no path of the document matches");
    }
    boolean head = method.equalsIgnoreCase("HEAD");
    String verb = head ? "get" : method.toLowerCase(Locale.ROOT);
    String opPointer = "/paths/" + escape(template.get()) + "/" + verb;
    JsonNode operation = document.at(opPointer);
    if (operation.isMissingNode()) {
      return List.of(what + ": " + template.get() + " declares no " + verb + " operation");
    }
    String responsePointer = opPointer + "/responses/" + status;
    JsonNode response = document.at(responsePointer);
    if (response.isMissingNode()) {
      return List.of(what + ": status " + status + " is not declared for " + template.get());
    }
    while (response.has("$ref")) {
      responsePointer = response.get("$ref").asText().substring(1);
      response = document.at(responsePointer);
      if (response.isMissingNode()) {
        return List.of(what + ": dangling $ref " + responsePointer);
      }
    }
    // headers the response requires
    Iterator<Map.Entry<String, JsonNode>> declared = response.path("headers").fields();
    while (declared.hasNext()) {
      Map.Entry<String, JsonNode> h = declared.next();
      String hPointer = responsePointer + "/headers/" + escape(h.getKey());
      JsonNode spec = h.getValue();
      while (spec.has("$ref")) {
        hPointer = spec.get("$ref").asText().substring(1);
        spec = document.at(hPointer);
      }
      Optional<String> value = header(headers, h.getKey());
      if (value.isEmpty()) {
        if (spec.path("required").asBoolean(false)) {
          out.add(what + ": required header " + h.getKey() + " is missing");
        }
        continue;
      }
      for (ValidationMessage m :
          schema(hPointer + "/schema").validate(TextNode.valueOf(value.get()))) {
        out.add(what + ": header " + h.getKey() + ": " + m.getMessage());
      }
    }
    JsonNode content = response.path("content");
    Optional<String> contentType = header(headers, "Content-Type");
    if (!content.isObject() || content.isEmpty()) {
      if (!head && body != null && !body.isEmpty()) {
        out.add(what + ": the response declares no content, but a body came");
      }
      return out;
    }
    if (contentType.isEmpty()) {
      out.add(what + ": no Content-Type");
      return out;
    }
    String mediaType = contentType.get().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      out.add(what + ": content type " + mediaType + " is not declared (" + names(content) + ")");
      return out;
    }
    if (head) {
      if (body != null && !body.isEmpty()) {
        out.add(what + ": a HEAD response came with a body");
      }
      return out;
    }
    String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
    if (document.at(schemaPointer).isMissingNode()) {
      return out;
    }
    JsonNode instance;
    if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      try {
        instance = JSON.readTree(body);
      } catch (IOException e) {
        out.add(what + ": the body is not JSON: " + e.getMessage());
        return out;
      }
    } else {
      instance = TextNode.valueOf(body == null ? "" : body);
    }
    for (ValidationMessage m : schema(schemaPointer).validate(instance)) {
      out.add(what + ": " + m.getMessage());
    }
    return out;
  }

  /** Messages of the schema at {@code pointer} (a JSON pointer into the document) for a value. */
  public List<String> validate(String pointer, JsonNode instance) {
    return schema(pointer).validate(instance).stream().map(ValidationMessage::getMessage).toList();
  }

  private JsonSchema schema(String pointer) {
    return schemas.computeIfAbsent(
        pointer,
        p -> {
          ObjectNode root = document.deepCopy();
          root.put("$schema", DIALECT);
          root.put("$ref", "#" + p);
          return factory.getSchema(URI.create("urn:recon:openapi"), root);
        });
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst();
  }

  private static String names(JsonNode object) {
    List<String> n = new ArrayList<>();
    object.fieldNames().forEachRemaining(n::add);
    return String.join(", ", n);
  }

  /** A JSON pointer token (RFC 6901). */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
