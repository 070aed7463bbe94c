package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Local handlers for Task states, keyed the way the definitions name their work:
 *
 * <ul>
 *   <li>{@link #lambda}: a Lambda function by ARN or by its {@code ${Placeholder}} when the
 *       definition is run unsubstituted; matches {@code "Resource": "<function>"} and {@code
 *       arn:aws:states:::lambda:invoke} with {@code "FunctionName": "<function>"} (the handler then
 *       gets the {@code Payload} and its result is answered as {@code {"Payload": …}}, as AWS
 *       does).
 *   <li>{@link #emrStep}: an EMR step by its literal {@code Step.Name}, for {@code
 *       arn:aws:states:::elasticmapreduce:addStep} and {@code addStep.sync}. The handler receives
 *       the whole request ({@code ClusterId}, {@code Step}); {@link EmrStepRequest} reads it.
 *   <li>{@link #startExecution}: a state machine by ARN or placeholder, for {@code
 *       arn:aws:states:::states:startExecution} (and {@code .sync}).
 *   <li>{@link #resource}: anything else, by its exact {@code Resource}.
 * </ul>
 *
 * Not thread-safe while registering; register everything before running.
 */
public final class TaskRegistry implements TaskResolver {
  static final String STATES_INTEGRATION_PREFIX = "arn:aws:states:::";
  static final String LAMBDA_INVOKE = STATES_INTEGRATION_PREFIX + "lambda:invoke";
  static final String EMR_ADD_STEP = STATES_INTEGRATION_PREFIX + "elasticmapreduce:addStep";
  static final String START_EXECUTION = STATES_INTEGRATION_PREFIX + "states:startExecution";

  private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();

  public TaskRegistry lambda(String functionArnOrPlaceholder, TaskHandler handler) {
    put("resource:" + functionArnOrPlaceholder, handler);
    return put("lambda:" + functionArnOrPlaceholder, handler);
  }

  public TaskRegistry emrStep(String stepName, TaskHandler handler) {
    return put("emr-step:" + stepName, handler);
  }

  public TaskRegistry startExecution(String stateMachineArnOrPlaceholder, TaskHandler handler) {
    return put("start-execution:" + stateMachineArnOrPlaceholder, handler);
  }

  public TaskRegistry resource(String resource, TaskHandler handler) {
    return put("resource:" + resource, handler);
  }

  private TaskRegistry put(String key, TaskHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(key, handler) != null) {
      throw new IllegalArgumentException("a handler is already registered for " + key);
    }
    return this;
  }

  /** The registered keys, for diagnostics. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(handlers.keySet());
  }

  @Override
  public Optional<TaskHandler> resolve(TaskInvocation invocation) {
    TaskHandler handler = handlers.get(keyOf(invocation.resource(), invocation.input()));
    if (handler != null && LAMBDA_INVOKE.equals(integrationBase(invocation.resource()))) {
      // The optimized integration sends {"FunctionName", "Payload"} and answers {"Payload", …}:
      // the function itself only ever sees and returns the payload.
      TaskHandler function = handler;
      return Optional.of(
          request -> {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            response.put("StatusCode", 200);
            response.set("Payload", function.handle(request.path("Payload")));
            return response;
          });
    }
    return Optional.ofNullable(handler);
  }

  /**
   * The key a Task call resolves to: {@code lambda:<function>}, {@code emr-step:<name>}, {@code
   * start-execution:<arn>} or {@code resource:<resource>}.
   */
  public static String keyOf(String resource, JsonNode input) {
    String base = integrationBase(resource);
    if (LAMBDA_INVOKE.equals(base)) {
      return "lambda:" + text(input, "FunctionName");
    }
    if (EMR_ADD_STEP.equals(base)) {
      JsonNode step = input == null ? null : input.get("Step");
      return "emr-step:" + text(step, "Name");
    }
    if (START_EXECUTION.equals(base)) {
      return "start-execution:" + text(input, "StateMachineArn");
    }
    return "resource:" + resource;
  }

  /** An integration resource without its pattern suffix (.sync, .sync:2, .waitForTaskToken). */
  static String integrationBase(String resource) {
    if (resource == null || !resource.startsWith(STATES_INTEGRATION_PREFIX)) {
      return resource;
    }
    int dot = resource.indexOf('.', STATES_INTEGRATION_PREFIX.length());
    return dot < 0 ? resource : resource.substring(0, dot);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isTextual() ? "<no " + field + ">" : v.asText();
  }

  @Override
  public String toString() {
    return "TaskRegistry" + handlers.keySet();
  }
}
