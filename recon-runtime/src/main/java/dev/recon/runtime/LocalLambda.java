package dev.recon.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.backlog.BacklogHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Calls a stream Lambda handler in-process exactly as the Lambda runtime would: JSON bytes in, JSON
 * bytes out, exceptions thrown as they are (the runner names errors by exception class).
 */
public final class LocalLambda {
  static final ObjectMapper JSON = new ObjectMapper();

  private final RequestStreamHandler handler;

  public LocalLambda(RequestStreamHandler handler) {
    this.handler = handler;
  }

  /** The backlog manager over the given clients (metric lines discarded). */
  public static LocalLambda backlog(AwsClientFactory clients) {
    return new LocalLambda(new BacklogHandler(clients, Clock.systemUTC(), line -> {}));
  }

  public JsonNode call(JsonNode request) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(request)), out, null);
      return out.size() == 0 ? JSON.nullNode() : JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
