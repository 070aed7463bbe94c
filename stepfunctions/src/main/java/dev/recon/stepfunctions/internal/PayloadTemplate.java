package dev.recon.stepfunctions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code Parameters}, {@code ResultSelector} and {@code ItemSelector}: a JSON template whose fields
 * named {@code key.$} take their value from a path ({@code $…} on the input, {@code $$…} on the
 * context object) or an intrinsic function ({@code States.…(…)}), renamed to {@code key}.
 */
public final class PayloadTemplate {
  private PayloadTemplate() {}

  public static JsonNode apply(JsonNode template, JsonNode input, JsonNode context) {
    if (template.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        if (name.endsWith(".$")) {
          out.set(
              name.substring(0, name.length() - 2),
              dynamic(name, field.getValue(), input, context));
        } else {
          out.set(name, apply(field.getValue(), input, context));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      template.forEach(element -> out.add(apply(element, input, context)));
      return out;
    }
    return template.deepCopy();
  }

  private static JsonNode dynamic(String field, JsonNode value, JsonNode input, JsonNode context) {
    if (!value.isTextual()) {
      throw StatesError.runtime(
          "the value of field '" + field + "' must be a path or an intrinsic function");
    }
    String expression = value.asText().trim();
    if (expression.startsWith("$")) {
      return JsonPaths.require(expression, input, context, field);
    }
    if (expression.startsWith("States.")) {
      return IntrinsicFunctions.evaluate(expression, input, context);
    }
    throw StatesError.runtime(
        "the value of field '"
            + field
            + "' is neither a path nor an intrinsic function: "
            + expression);
  }
}
