package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a Task state, as a {@link TaskResolver} sees it.
 *
 * @param stateName the Task state's name
 * @param resource its {@code Resource} after definition substitutions
 * @param input its effective input (after {@code InputPath} and {@code Parameters})
 * @param attempt 0 for the first attempt, then 1, 2, … for retries
 */
public record TaskInvocation(String stateName, String resource, JsonNode input, int attempt) {}
