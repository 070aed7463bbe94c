package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.layout.Layout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler end to end over in-memory ports: decode, service, encode. */
class BacklogHandlerTest {
  private final Scenario sc = new Scenario();
  private final BacklogHandler handler =
      new BacklogHandler(sc.ledger, sc.store, sc.clock, "recon-local", "local");

  private JsonNode call(byte[] request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(request), out, null);
      return BacklogJson.mapper().readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode call(String json) {
    return call(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void handleRequest_shouldRunTheStatelessWorkflowsTasks_fromNotificationToSuccess() {
    // GIVEN the object of the fixture notification landed
    sc.store.put("input/2026/11/22/00/batch-0.jsonl", "{}\n".getBytes());
    sc.store.put("input/2026/11/22/01/batch 1=retry.jsonl", "{}\n".getBytes());

    // WHEN S3 notifies, then the workflow plans, starts, (reduces) and completes
    JsonNode registered = call(Fixtures.bytes("s3-put-notification.json"));
    JsonNode plan = call("{\"action\":\"planStateless\"}");
    long s = plan.get("statelessBatch").asLong();
    JsonNode started = call("{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":" + s + "}");
    sc.writeManifest(
        s,
        List.of("input/2026/11/22/00/batch-0.jsonl", "input/2026/11/22/01/batch 1=retry.jsonl"),
        1);
    JsonNode done = call("{\"action\":\"complete\",\"kind\":\"STATELESS\",\"batch\":" + s + "}");
    JsonNode stateful = call("{\"action\":\"planStateful\"}");
    JsonNode completeness =
        call(
            "{\"action\":\"completeness\",\"from\":\"2026-11-22T00:00:00Z\",\"to\":\"2026-11-22T02:00:00Z\"}");

    // THEN each answer has the documented shape
    assertThat(registered.get("registered")).hasSize(2);
    assertThat(registered.get("rejected")).hasSize(3);
    assertThat(plan.get("planned").asBoolean()).isTrue();
    assertThat(plan.get("inputs")).hasSize(2);
    assertThat(plan.get("windowStart").asText()).isEqualTo("2026-11-22T00:00:00Z");
    assertThat(plan.get("windowEnd").asText()).isEqualTo("2026-11-22T02:00:00Z");
    assertThat(plan.get("bytes").asLong()).isEqualTo(6);
    assertThat(plan.has("events")).isTrue();
    assertThat(started.get("status").asText()).isEqualTo("EXECUTING");
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.get("counts").get("read").asLong()).isEqualTo(4);
    assertThat(done.get("id").asText()).isEqualTo(Layout.seq(s));
    assertThat(done.get("inputs")).hasSize(2);
    assertThat(stateful.get("statefulBatch").asLong()).isEqualTo(1);
    assertThat(stateful.get("statelessFrom").asLong()).isEqualTo(s);
    assertThat(completeness.get("complete").asBoolean()).isFalse();
    assertThat(completeness.get("missing").get(0).get("stage").asText()).isEqualTo("STATEFUL");
  }

  @Test
  void handleRequest_shouldThrowTypedErrors_forStepFunctionsToMatch() {
    assertThatThrownBy(() -> call("not json")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> call("{\"action\":\"get\",\"kind\":\"STATELESS\",\"batch\":5}"))
        .isInstanceOf(BatchNotFoundException.class);
    assertThat(call("{\"action\":\"planStateless\"}").get("planned").asBoolean()).isFalse();
    assertThat(call(Fixtures.bytes("eventbridge-scheduled.json")).get("registered")).isEmpty();
  }
}
