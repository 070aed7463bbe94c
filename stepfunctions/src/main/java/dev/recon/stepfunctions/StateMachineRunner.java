package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.stepfunctions.ExecutionEvent.Type;
import dev.recon.stepfunctions.internal.ChoiceRules;
import dev.recon.stepfunctions.internal.IntrinsicFunctions;
import dev.recon.stepfunctions.internal.JsonPaths;
import dev.recon.stepfunctions.internal.PayloadTemplate;
import dev.recon.stepfunctions.internal.StatesError;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link StateMachineDefinition} in-process, as AWS Step Functions runs it: JSONPath input
 * and output processing ({@code InputPath}, {@code Parameters}, {@code ResultSelector}, {@code
 * ResultPath}, {@code OutputPath}), intrinsic functions, all state types (Map and Parallel run
 * their items and branches one after another), {@code Retry} with interval, backoff, cap and
 * jitter, and {@code Catch}. Task states call the handlers a {@link TaskResolver} finds.
 *
 * <p>Waits and retry intervals go through the {@link Sleeper}, so tests and local runs need not
 * sleep for real. Task {@code TimeoutSeconds} is enforced only when {@link
 * Builder#taskTimeoutsEnabled} is set (handlers then run on a separate thread); the execution-level
 * {@code TimeoutSeconds} is not enforced locally. A runner is immutable and may run several
 * executions concurrently if its handlers allow it.
 *
 * <pre>{@code
 * TaskRegistry tasks = new TaskRegistry()
 *     .lambda(Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN), backlogManager::handle)
 *     .emrStep(Definitions.REDUCER_STEP, request -> runJob(EmrStepRequest.applicationArgs(request)));
 * StateMachineRunner runner = StateMachineRunner.builder(tasks).sleeper(Sleeper.none()).build();
 * ExecutionResult result = runner.run(Definitions.stateless(Map.of()), input);
 * }</pre>
 */
public final class StateMachineRunner {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";

  private final TaskResolver tasks;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Random random;
  private final int maxTransitions;
  private final boolean taskTimeoutsEnabled;

  private StateMachineRunner(Builder b) {
    this.tasks = Objects.requireNonNull(b.tasks, "tasks");
    this.sleeper = Objects.requireNonNull(b.sleeper, "sleeper");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.random = Objects.requireNonNull(b.random, "random");
    this.maxTransitions = b.maxTransitions;
    this.taskTimeoutsEnabled = b.taskTimeoutsEnabled;
  }

  public static Builder builder(TaskResolver tasks) {
    return new Builder(tasks);
  }

  /** Runs an execution with a random name. */
  public ExecutionResult run(StateMachineDefinition definition, JsonNode input) {
    return run(definition, input, UUID.randomUUID().toString());
  }

  public ExecutionResult run(
      StateMachineDefinition definition, JsonNode input, String executionName) {
    return new Execution(definition, input == null ? NODES.objectNode() : input, executionName)
        .run();
  }

  /** One execution's mutable state; confined to the calling thread. */
  private final class Execution {
    private final StateMachineDefinition definition;
    private final JsonNode input;
    private final String executionArn;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final List<String> visited = new ArrayList<>();
    private final List<ExecutionEvent> events = new ArrayList<>();
    private int transitions;

    Execution(StateMachineDefinition definition, JsonNode input, String executionName) {
      this.definition = definition;
      this.input = input;
      this.executionArn = ARN_PREFIX + "execution:" + definition.name() + ":" + executionName;
      this.executionContext =
          NODES
              .objectNode()
              .put("Id", executionArn)
              .put("Name", executionName)
              .put("StartTime", clock.instant().toString());
      executionContext.set("Input", input.deepCopy());
      this.stateMachineContext =
          NODES
              .objectNode()
              .put("Id", ARN_PREFIX + "stateMachine:" + definition.name())
              .put("Name", definition.name());
    }

    ExecutionResult run() {
      try {
        JsonNode output = runMachine(definition.json(), input, "", null);
        return new ExecutionResult(
            executionArn, ExecutionResult.Status.SUCCEEDED, output, null, null, visited, events);
      } catch (StatesError e) {
        return new ExecutionResult(
            executionArn,
            ExecutionResult.Status.FAILED,
            null,
            e.error(),
            e.errorCause(),
            visited,
            events);
      }
    }

    /** Runs a machine (the definition, a Parallel branch or a Map item processor) to its end. */
    private JsonNode runMachine(JsonNode machine, JsonNode data, String scope, JsonNode mapItem) {
      JsonNode states = machine.get("States");
      String name = machine.get("StartAt").asText();
      while (true) {
        if (++transitions > maxTransitions) {
          throw StatesError.runtime(
              "more than " + maxTransitions + " state transitions (local safety limit)");
        }
        JsonNode state = states.get(name);
        String qualified = scope + name;
        if (scope.isEmpty()) {
          visited.add(name);
        }
        events.add(new ExecutionEvent(Type.STATE_ENTERED, qualified, null, Duration.ZERO));
        Step step = runState(name, qualified, state, data, mapItem);
        events.add(new ExecutionEvent(Type.STATE_EXITED, qualified, null, Duration.ZERO));
        if (step.next() == null) {
          return step.output();
        }
        name = step.next();
        data = step.output();
      }
    }

    private Step runState(
        String name, String qualified, JsonNode state, JsonNode raw, JsonNode mapItem) {
      String type = state.get("Type").asText();
      switch (type) {
        case "Pass" -> {
          JsonNode context = context(name, 0, mapItem);
          JsonNode effective =
              parameters(state, JsonPaths.select(state, "InputPath", raw, context), context);
          JsonNode result = state.has("Result") ? state.get("Result").deepCopy() : effective;
          return new Step(output(state, raw, result, context), next(state));
        }
        case "Task", "Parallel", "Map" -> {
          return withRetryAndCatch(
              qualified,
              state,
              raw,
              attempt -> {
                JsonNode context = context(name, attempt, mapItem);
                JsonNode effective =
                    parameters(state, JsonPaths.select(state, "InputPath", raw, context), context);
                JsonNode result =
                    switch (type) {
                      case "Task" -> task(name, state, effective, context, attempt);
                      case "Parallel" -> parallel(qualified, state, effective);
                      default -> map(qualified, state, effective, context);
                    };
                if (state.has("ResultSelector")) {
                  result = PayloadTemplate.apply(state.get("ResultSelector"), result, context);
                }
                return output(state, raw, result, context);
              });
        }
        case "Choice" -> {
          JsonNode context = context(name, 0, mapItem);
          JsonNode effective = JsonPaths.select(state, "InputPath", raw, context);
          String next = null;
          for (JsonNode rule : state.get("Choices")) {
            if (ChoiceRules.matches(rule, effective, context)) {
              next = rule.get("Next").asText();
              break;
            }
          }
          if (next == null) {
            if (!state.has("Default")) {
              throw new StatesError(
                  StatesError.NO_CHOICE_MATCHED,
                  "no Choice rule matched and there is no Default in state " + name);
            }
            next = state.get("Default").asText();
          }
          return new Step(JsonPaths.select(state, "OutputPath", effective, context), next);
        }
        case "Wait" -> {
          JsonNode context = context(name, 0, mapItem);
          JsonNode effective = JsonPaths.select(state, "InputPath", raw, context);
          Duration delay = waitDuration(state, effective, context);
          events.add(new ExecutionEvent(Type.WAITED, qualified, null, delay));
          sleep(delay);
          return new Step(JsonPaths.select(state, "OutputPath", effective, context), next(state));
        }
        case "Succeed" -> {
          JsonNode context = context(name, 0, mapItem);
          JsonNode effective = JsonPaths.select(state, "InputPath", raw, context);
          return new Step(JsonPaths.select(state, "OutputPath", effective, context), null);
        }
        case "Fail" -> {
          JsonNode context = context(name, 0, mapItem);
          String error = failField(state, "Error", raw, context);
          String cause = failField(state, "Cause", raw, context);
          throw new StatesError(error == null ? "States.Fail" : error, cause);
        }
        default -> throw StatesError.runtime("unknown state type " + type + " in state " + name);
      }
    }

    private Step withRetryAndCatch(
        String qualified, JsonNode state, JsonNode raw, Attempt attempt) {
      JsonNode retriers = state.path("Retry");
      int[] attempts = new int[retriers.size()];
      int retryCount = 0;
      while (true) {
        try {
          return new Step(attempt.run(retryCount), next(state));
        } catch (StatesError e) {
          events.add(new ExecutionEvent(Type.STATE_FAILED, qualified, e.error(), Duration.ZERO));
          if (!e.handleable()) {
            throw e;
          }
          Duration delay = retryDelay(retriers, attempts, e);
          if (delay != null) {
            events.add(new ExecutionEvent(Type.STATE_RETRIED, qualified, e.error(), delay));
            sleep(delay);
            retryCount++;
            continue;
          }
          for (JsonNode catcher : state.path("Catch")) {
            if (matches(catcher.path("ErrorEquals"), e)) {
              ObjectNode errorOutput =
                  NODES.objectNode().put("Error", e.error()).put("Cause", e.errorCause());
              JsonNode resultPath = catcher.has("ResultPath") ? catcher.get("ResultPath") : null;
              events.add(
                  new ExecutionEvent(Type.STATE_CAUGHT, qualified, e.error(), Duration.ZERO));
              return new Step(
                  JsonPaths.applyResultPath(resultPath, raw, errorOutput),
                  catcher.get("Next").asText());
            }
          }
          throw e;
        }
      }
    }

    /**
     * The first retrier whose ErrorEquals matches decides: its next interval, or null when its
     * attempts are used up (later retriers are not consulted, as on AWS).
     */
    private Duration retryDelay(JsonNode retriers, int[] attempts, StatesError e) {
      for (int i = 0; i < retriers.size(); i++) {
        JsonNode retrier = retriers.get(i);
        if (!matches(retrier.path("ErrorEquals"), e)) {
          continue;
        }
        int maxAttempts = retrier.path("MaxAttempts").asInt(3);
        if (attempts[i] >= maxAttempts) {
          return null;
        }
        double seconds =
            retrier.path("IntervalSeconds").asDouble(1)
                * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts[i]);
        if (retrier.has("MaxDelaySeconds")) {
          seconds = Math.min(seconds, retrier.get("MaxDelaySeconds").asDouble());
        }
        if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
          synchronized (random) {
            seconds = seconds * random.nextDouble();
          }
        }
        attempts[i]++;
        return Duration.ofNanos(Math.round(seconds * 1e9));
      }
      return null;
    }

    private boolean matches(JsonNode errorEquals, StatesError e) {
      for (JsonNode name : errorEquals) {
        String n = name.asText();
        if (n.equals(e.error()) || n.equals(StatesError.ALL)) {
          return true;
        }
        // States.TaskFailed matches any error except States.Timeout.
        if (n.equals(StatesError.TASK_FAILED) && !e.error().equals(StatesError.TIMEOUT)) {
          return true;
        }
      }
      return false;
    }

    private JsonNode task(
        String name, JsonNode state, JsonNode effective, JsonNode context, int attempt) {
      String resource = state.get("Resource").asText();
      TaskInvocation invocation = new TaskInvocation(name, resource, effective, attempt);
      TaskHandler handler =
          tasks
              .resolve(invocation)
              .orElseThrow(
                  () ->
                      StatesError.runtime(
                          "no local handler for Task state '"
                              + name
                              + "' (key "
                              + TaskRegistry.keyOf(resource, effective)
                              + ", resolver "
                              + tasks
                              + ")"));
      Duration timeout = taskTimeoutsEnabled ? timeout(state, effective, context) : null;
      JsonNode result =
          timeout == null
              ? call(handler, effective.deepCopy())
              : callWithTimeout(handler, effective.deepCopy(), timeout);
      return result == null ? NullNode.getInstance() : result;
    }

    private JsonNode parallel(String qualified, JsonNode state, JsonNode effective) {
      ArrayNode results = NODES.arrayNode();
      int i = 0;
      for (JsonNode branch : state.get("Branches")) {
        results.add(runMachine(branch, effective, qualified + "[" + i++ + "]/", null));
      }
      return results;
    }

    private JsonNode map(String qualified, JsonNode state, JsonNode effective, JsonNode context) {
      String itemsPath = state.path("ItemsPath").asText("$");
      JsonNode items = JsonPaths.require(itemsPath, effective, context, "ItemsPath");
      if (!items.isArray()) {
        throw StatesError.runtime(
            "ItemsPath '" + itemsPath + "' of Map state " + qualified + " is not an array");
      }
      JsonNode processor =
          state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
      JsonNode selector =
          state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
      ArrayNode results = NODES.arrayNode();
      for (int i = 0; i < items.size(); i++) {
        ObjectNode item = NODES.objectNode();
        item.set("Item", NODES.objectNode().put("Index", i).set("Value", items.get(i)));
        ObjectNode itemContext = ((ObjectNode) context).deepCopy();
        itemContext.set("Map", item);
        JsonNode itemInput =
            selector == null
                ? items.get(i)
                : PayloadTemplate.apply(selector, effective, itemContext);
        results.add(runMachine(processor, itemInput, qualified + "[" + i + "]/", item));
      }
      return results;
    }

    /** Parameters of a Task, Pass or Parallel state (a Map's Parameters select its items). */
    private JsonNode parameters(JsonNode state, JsonNode effective, JsonNode context) {
      if (!state.has("Parameters") || "Map".equals(state.get("Type").asText())) {
        return effective;
      }
      return PayloadTemplate.apply(state.get("Parameters"), effective, context);
    }

    private JsonNode output(JsonNode state, JsonNode raw, JsonNode result, JsonNode context) {
      JsonNode resultPath = state.has("ResultPath") ? state.get("ResultPath") : null;
      return JsonPaths.select(
          state, "OutputPath", JsonPaths.applyResultPath(resultPath, raw, result), context);
    }

    private ObjectNode context(String stateName, int retryCount, JsonNode mapItem) {
      ObjectNode context = NODES.objectNode();
      context.set("Execution", executionContext);
      context.set("StateMachine", stateMachineContext);
      context.set(
          "State",
          NODES
              .objectNode()
              .put("Name", stateName)
              .put("EnteredTime", clock.instant().toString())
              .put("RetryCount", retryCount));
      if (mapItem != null) {
        context.set("Map", mapItem);
      }
      return context;
    }

    private Duration waitDuration(JsonNode state, JsonNode effective, JsonNode context) {
      if (state.has("Seconds")) {
        return Duration.ofSeconds(state.get("Seconds").asLong());
      }
      if (state.has("SecondsPath")) {
        JsonNode seconds =
            JsonPaths.require(state.get("SecondsPath").asText(), effective, context, "SecondsPath");
        if (!seconds.canConvertToLong() || seconds.asLong() < 0) {
          throw StatesError.runtime("SecondsPath must select a non-negative integer: " + seconds);
        }
        return Duration.ofSeconds(seconds.asLong());
      }
      JsonNode timestamp =
          state.has("Timestamp")
              ? state.get("Timestamp")
              : JsonPaths.require(
                  state.path("TimestampPath").asText("$"), effective, context, "TimestampPath");
      try {
        Duration until =
            Duration.between(clock.instant(), OffsetDateTime.parse(timestamp.asText()).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException e) {
        throw StatesError.runtime("not an RFC 3339 timestamp: " + timestamp);
      }
    }

    private String failField(JsonNode state, String field, JsonNode raw, JsonNode context) {
      if (state.has(field)) {
        return state.get(field).asText();
      }
      if (state.has(field + "Path")) {
        String path = state.get(field + "Path").asText();
        JsonNode value =
            path.startsWith("States.")
                ? IntrinsicFunctions.evaluate(path, raw, context)
                : JsonPaths.require(path, raw, context, field + "Path");
        if (!value.isTextual()) {
          throw StatesError.runtime(field + "Path must select a string: " + value);
        }
        return value.asText();
      }
      return null;
    }

    private Duration timeout(JsonNode state, JsonNode effective, JsonNode context) {
      if (state.has("TimeoutSeconds")) {
        return Duration.ofSeconds(state.get("TimeoutSeconds").asLong());
      }
      if (state.has("TimeoutSecondsPath")) {
        return Duration.ofSeconds(
            JsonPaths.require(
                    state.get("TimeoutSecondsPath").asText(),
                    effective,
                    context,
                    "TimeoutSecondsPath")
                .asLong());
      }
      return null;
    }
  }

  private static JsonNode call(TaskHandler handler, JsonNode input) {
    try {
      return handler.handle(input);
    } catch (TaskFailure f) {
      throw new StatesError(f.error(), f.errorCause());
    } catch (StatesError e) {
      throw e;
    } catch (RuntimeException e) {
      // What a Java Lambda function's failure looks like to Step Functions: errorType = class name.
      throw new StatesError(e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  private static JsonNode callWithTimeout(TaskHandler handler, JsonNode input, Duration timeout) {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "state-machine-task");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<JsonNode> future = executor.submit(() -> call(handler, input));
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new StatesError(
          StatesError.TIMEOUT, "Task did not finish within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatesError se) {
        throw se;
      }
      throw new IllegalStateException("task handler failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StatesError.runtime("interrupted while waiting for a task");
    } finally {
      executor.shutdownNow();
    }
  }

  private void sleep(Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StatesError.runtime("interrupted while waiting");
    }
  }

  private static String next(JsonNode state) {
    return state.has("Next") ? state.get("Next").asText() : null;
  }

  private record Step(JsonNode output, String next) {}

  @FunctionalInterface
  private interface Attempt {
    JsonNode run(int retryCount);
  }

  /** Builder; every setting but the task resolver has a default. */
  public static final class Builder {
    private final TaskResolver tasks;
    private Sleeper sleeper = Sleeper.real();
    private Clock clock = Clock.systemUTC();
    private Random random = new Random();
    private int maxTransitions = 100_000;
    private boolean taskTimeoutsEnabled;

    private Builder(TaskResolver tasks) {
      this.tasks = tasks;
    }

    /** How Wait states and retry intervals wait; default {@link Sleeper#real()}. */
    public Builder sleeper(Sleeper v) {
      sleeper = v;
      return this;
    }

    /** The clock of {@code $$} timestamps and Timestamp waits; default UTC system clock. */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** The randomness of {@code "JitterStrategy": "FULL"}; seed it for repeatable delays. */
    public Builder random(Random v) {
      random = v;
      return this;
    }

    /** A safety limit against endless loops; the execution fails with States.Runtime past it. */
    public Builder maxTransitions(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxTransitions must be positive");
      }
      maxTransitions = v;
      return this;
    }

    /**
     * Enforce Task {@code TimeoutSeconds} (States.Timeout); handlers then run on another thread.
     */
    public Builder taskTimeoutsEnabled(boolean v) {
      taskTimeoutsEnabled = v;
      return this;
    }

    public StateMachineRunner build() {
      return new StateMachineRunner(this);
    }
  }
}
