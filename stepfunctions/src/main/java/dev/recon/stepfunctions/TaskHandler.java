package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs one Task state locally: receives the state's effective input (after {@code InputPath} and
 * {@code Parameters}), returns its result (before {@code ResultSelector} and {@code ResultPath}).
 *
 * <p>Fail with {@link TaskFailure} to report a named error, exactly as the AWS resource would (for
 * example {@code Lambda.TooManyRequestsException} or {@code States.TaskFailed}). Any other runtime
 * exception is reported with its fully qualified class name as the error and its message as the
 * cause, which is what a Java Lambda function's {@code errorType} looks like to Step Functions, so
 * Retry and Catch match locally as they do on AWS.
 */
@FunctionalInterface
public interface TaskHandler {
  JsonNode handle(JsonNode input) throws TaskFailure;
}
