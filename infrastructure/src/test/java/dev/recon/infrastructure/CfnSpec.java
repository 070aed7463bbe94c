package dev.recon.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The CloudFormation resource specification of the npm package {@code @aws-cdk/aws-service-spec}
 * ({@code db.json.gz}): every resource type with its properties (types, {@code required}, allowed
 * values) and {@code GetAtt} attributes, and the property types they refer to.
 */
final class CfnSpec {
  static final String NPM_PACKAGE = "@aws-cdk/aws-service-spec";
  private static volatile CfnSpec cached;

  private final Map<String, JsonNode> resourceTypes = new HashMap<>();
  private final Map<String, JsonNode> typeDefinitions = new HashMap<>();

  private CfnSpec(JsonNode db) {
    for (JsonNode e : db.path("schema").path("resource").path("entities")) {
      resourceTypes.put(e.get("cloudFormationType").asText(), e);
    }
    for (JsonNode e : db.path("schema").path("typeDefinition").path("entities")) {
      typeDefinitions.put(e.get("$id").asText(), e);
    }
  }

  static Path dbFile(Path moduleDir) {
    return moduleDir.resolve("node_modules").resolve(NPM_PACKAGE).resolve("db.json.gz");
  }

  /** The spec installed in the module's node_modules, read once per JVM. */
  static CfnSpec load(Path moduleDir) {
    CfnSpec spec = cached;
    if (spec == null) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(dbFile(moduleDir)), 1 << 16)) {
        spec = new CfnSpec(CfnTemplate.MAPPER.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dbFile(moduleDir), e);
      }
      cached = spec;
    }
    return spec;
  }

  /** The resource type's entity: {@code properties}, {@code attributes}. */
  Optional<JsonNode> resourceType(String type) {
    return Optional.ofNullable(resourceTypes.get(type));
  }

  /** A property type referred to as {@code {"type": "ref", "reference": {"$ref": id}}}. */
  Optional<JsonNode> typeDefinition(String id) {
    return Optional.ofNullable(typeDefinitions.get(id));
  }

  int resourceTypeCount() {
    return resourceTypes.size();
  }
}
