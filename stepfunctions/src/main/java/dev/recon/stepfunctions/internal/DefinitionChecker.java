package dev.recon.stepfunctions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural checks the runner relies on, applied to a whole definition including Parallel
 * branches and Map processors: known state types, existing transition targets, every state either
 * continues or ends. Not a full validator (asl-validator is run on the definitions in the build).
 */
public final class DefinitionChecker {
  private static final Set<String> TYPES =
      Set.of("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
  private static final Set<String> TERMINAL = Set.of("Choice", "Succeed", "Fail");

  private DefinitionChecker() {}

  public static List<String> check(JsonNode machine) {
    List<String> problems = new ArrayList<>();
    checkMachine(machine, "", problems);
    return problems;
  }

  private static void checkMachine(JsonNode machine, String scope, List<String> problems) {
    JsonNode states = machine.get("States");
    if (states == null || !states.isObject() || states.isEmpty()) {
      problems.add(scope + "no States");
      return;
    }
    String startAt = machine.path("StartAt").asText(null);
    if (startAt == null || !states.has(startAt)) {
      problems.add(scope + "StartAt '" + startAt + "' is not a state");
    }
    Iterator<Map.Entry<String, JsonNode>> it = states.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = scope + entry.getKey() + ": ";
      JsonNode state = entry.getValue();
      String type = state.path("Type").asText();
      if (!TYPES.contains(type)) {
        problems.add(where + "unknown Type '" + type + "'");
        continue;
      }
      if (!TERMINAL.contains(type)) {
        boolean end = state.path("End").asBoolean(false);
        boolean next = state.has("Next");
        if (end == next) {
          problems.add(where + "needs exactly one of Next and End");
        }
      }
      target(state, "Next", states, where, problems);
      target(state, "Default", states, where, problems);
      for (JsonNode choice : state.path("Choices")) {
        target(choice, "Next", states, where + "Choices: ", problems);
      }
      if (type.equals("Choice") && !state.path("Choices").isArray()) {
        problems.add(where + "Choice without Choices");
      }
      for (JsonNode catcher : state.path("Catch")) {
        target(catcher, "Next", states, where + "Catch: ", problems);
      }
      if (type.equals("Task") && !state.path("Resource").isTextual()) {
        problems.add(where + "Task without Resource");
      }
      int branch = 0;
      for (JsonNode b : state.path("Branches")) {
        checkMachine(b, where + "branch " + branch++ + ": ", problems);
      }
      JsonNode processor =
          state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
      if (type.equals("Map")) {
        if (processor == null) {
          problems.add(where + "Map without ItemProcessor");
        } else {
          checkMachine(processor, where + "item processor: ", problems);
        }
      }
    }
  }

  private static void target(
      JsonNode node, String field, JsonNode states, String where, List<String> problems) {
    if (node.has(field) && !states.has(node.get(field).asText())) {
      problems.add(where + field + " '" + node.get(field).asText() + "' is not a state");
    }
  }
}
