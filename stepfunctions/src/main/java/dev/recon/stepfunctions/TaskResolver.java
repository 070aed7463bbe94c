package dev.recon.stepfunctions;

import java.util.Optional;

/**
 * Finds the local handler of a Task state. {@link TaskRegistry} is the usual implementation (by
 * resource, Lambda function, EMR step name or state machine); tests may resolve by state name.
 */
@FunctionalInterface
public interface TaskResolver {
  /** The handler for this call, or empty when none is registered (the execution then fails). */
  Optional<TaskHandler> resolve(TaskInvocation invocation);
}
