package dev.recon.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template as a Jackson tree, in long form: the YAML short-form tags ({@code !Ref
 * x}, {@code !GetAtt a.b}, {@code !Sub …}, {@code !If […]}, …) become {@code {"Ref": "x"}}, {@code
 * {"Fn::GetAtt": ["a", "b"]}}, {@code {"Fn::Sub": …}}, {@code {"Fn::If": […]}}, as CloudFormation
 * reads them.
 */
final class CfnTemplate {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FUNCTIONS =
      List.of(
          "Base64",
          "Cidr",
          "FindInMap",
          "GetAZs",
          "ImportValue",
          "Join",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "And",
          "Equals",
          "If",
          "Not",
          "Or",
          "ToJsonString",
          "Length");

  private final ObjectNode root;

  private CfnTemplate(ObjectNode root) {
    this.root = root;
  }

  static CfnTemplate load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static CfnTemplate parse(String yaml) {
    Object tree = new Yaml(new CfnConstructor()).load(yaml);
    JsonNode json = MAPPER.valueToTree(tree);
    if (!(json instanceof ObjectNode object)) {
      throw new IllegalArgumentException("a template is a mapping");
    }
    return new CfnTemplate(object);
  }

  static CfnTemplate of(JsonNode json) {
    return new CfnTemplate((ObjectNode) json.deepCopy());
  }

  JsonNode root() {
    return root;
  }

  JsonNode section(String name) {
    JsonNode s = root.get(name);
    return s == null ? JsonNodeFactory.instance.objectNode() : s;
  }

  JsonNode resources() {
    return section("Resources");
  }

  JsonNode parameters() {
    return section("Parameters");
  }

  Optional<JsonNode> resource(String name) {
    return Optional.ofNullable(resources().get(name));
  }

  String type(String resource) {
    return resources().path(resource).path("Type").asText("");
  }

  /** Resource names of a type, in template order. */
  List<String> resourcesOfType(String type) {
    List<String> names = new ArrayList<>();
    resources()
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (type.equals(type(n))) {
                names.add(n);
              }
            });
    return names;
  }

  /** Name → value of every entry of a section. */
  static Map<String, JsonNode> entries(JsonNode section) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = section.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** SnakeYAML constructor that turns CloudFormation's tags into their long form. */
  private static final class CfnConstructor extends SafeConstructor {
    CfnConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(new Tag("!Ref"), new Function("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new Function("Condition"));
      yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
      for (String f : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + f), new Function("Fn::" + f));
      }
    }

    private Object plain(Node node) {
      if (node instanceof ScalarNode scalar) {
        return constructScalar(scalar);
      }
      if (node instanceof SequenceNode sequence) {
        return constructSequence(sequence);
      }
      return constructMapping((MappingNode) node);
    }

    private final class Function extends AbstractConstruct {
      private final String key;

      Function(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, plain(node));
        return out;
      }
    }

    /** {@code !GetAtt Resource.Attribute.With.Dots} splits at the first dot only. */
    private final class GetAtt extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value = plain(node);
        if (value instanceof String s) {
          int dot = s.indexOf('.');
          value = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Fn::GetAtt", value);
        return out;
      }
    }
  }
}
