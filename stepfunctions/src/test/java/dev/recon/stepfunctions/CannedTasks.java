package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Task handlers by state name answering from a script, the same script format the npm harness
 * (src/test/node/harness.cjs) reads: per state a list of {@code {"result": any}}, {@code {"echo":
 * true}} or {@code {"error": "Name", "cause": "text"}}, used in order, the last one repeating.
 * Records every call as {@code {"state", "input"}}.
 */
final class CannedTasks implements TaskResolver {
  private final JsonNode script;
  private final Map<String, Integer> counts = new HashMap<>();
  private final ArrayNode calls = JsonNodeFactory.instance.arrayNode();

  CannedTasks(JsonNode script) {
    this.script = script;
  }

  ArrayNode calls() {
    return calls;
  }

  @Override
  public Optional<TaskHandler> resolve(TaskInvocation invocation) {
    String state = invocation.stateName();
    return Optional.of(
        input -> {
          calls.addObject().put("state", state).set("input", input.deepCopy());
          JsonNode responses = script.path(state);
          if (responses.isEmpty()) {
            throw new TaskFailure(
                "Harness.NoResponse", "no canned response for Task state " + state);
          }
          int n = counts.merge(state, 1, Integer::sum) - 1;
          JsonNode r = responses.get(Math.min(n, responses.size() - 1));
          if (r.has("error")) {
            throw new TaskFailure(r.get("error").asText(), r.path("cause").asText(""));
          }
          return r.path("echo").asBoolean(false) ? input : r.get("result");
        });
  }
}
