package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.BatchKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BacklogRequestsTest {
  private static BacklogRequest decode(com.fasterxml.jackson.databind.JsonNode json) {
    return BacklogRequests.decode(json, "recon-local", "local");
  }

  @Test
  void decode_shouldRegisterCreatedObjectsOfOurBucketAndPrefix_whenGivenAnS3Notification() {
    // WHEN a real-shaped S3 notification with five records is decoded
    BacklogRequest.Register r =
        (BacklogRequest.Register) decode(Fixtures.json("s3-put-notification.json"));

    // THEN the two creations in our bucket/prefix are keys, URL-decoded and relative; the rest is
    // reported
    assertThat(r.keys())
        .containsExactly(
            "input/2026/11/22/00/batch-0.jsonl", "input/2026/11/22/01/batch 1=retry.jsonl");
    assertThat(r.ignored())
        .extracting(InputRegistry.Rejected::reason)
        .containsExactly(
            "ignored event ObjectRemoved:Delete",
            "object of another bucket (someone-elses-bucket)",
            "outside prefix local/");
  }

  @Test
  void decode_shouldRegister_whenGivenAnEventBridgeObjectCreatedEvent_andSweepOnASchedule() {
    BacklogRequest.Register r =
        (BacklogRequest.Register) decode(Fixtures.json("eventbridge-object-created.json"));
    assertThat(r.keys()).containsExactly("input/2026/11/22/00/batch-0.jsonl");
    assertThat(decode(Fixtures.json("eventbridge-scheduled.json")))
        .isInstanceOf(BacklogRequest.Sweep.class);
  }

  @Test
  void decode_shouldReadCommands_withDefaultsForAbsentLimits() {
    assertThat(decode(Fixtures.parse("{\"action\":\"planStateless\",\"maxObjects\":4}")))
        .isEqualTo(
            new BacklogRequest.PlanStateless(
                new PlanLimits(4, PlanLimits.MAX_BYTES_DEFAULT, PlanLimits.MAX_EVENTS_DEFAULT),
                false,
                false));
    assertThat(decode(Fixtures.parse("{\"action\":\"planStateful\"}")))
        .isEqualTo(new BacklogRequest.PlanStateful(StatefulLimits.DEFAULTS));
    assertThat(decode(Fixtures.parse("{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":7}")))
        .isEqualTo(new BacklogRequest.Start(BatchKind.STATELESS, 7));
    assertThat(
            decode(Fixtures.parse("{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":\"7\"}")))
        .isEqualTo(new BacklogRequest.Start(BatchKind.STATELESS, 7));
    assertThat(
            decode(
                Fixtures.parse(
                    "{\"action\":\"complete\",\"kind\":\"STATEFUL\",\"batch\":2,\"counts\":{\"artifacts\":5}}")))
        .isEqualTo(
            new BacklogRequest.Complete(BatchKind.STATEFUL, 2, java.util.Map.of("artifacts", 5L)));
    assertThat(decode(Fixtures.json("sfn-record-failure.json")))
        .isEqualTo(
            new BacklogRequest.Fail(
                BatchKind.STATELESS,
                1,
                "States.TaskFailed: {\"StepId\":\"s-1\",\"Status\":\"FAILED\"}",
                null,
                null));
    assertThat(
            decode(
                Fixtures.parse("{\"action\":\"get\",\"kind\":\"INPUT\",\"id\":\"input/a.jsonl\"}")))
        .isEqualTo(new BacklogRequest.Get(BatchKind.INPUT, "input/a.jsonl"));
    assertThat(decode(Fixtures.parse("{\"action\":\"get\",\"kind\":\"STATEFUL\",\"batch\":3}")))
        .isEqualTo(new BacklogRequest.Get(BatchKind.STATEFUL, "0000000003"));
    assertThat(
            decode(
                Fixtures.parse(
                    "{\"action\":\"completeness\",\"from\":\"2026-11-22T00:00:00Z\",\"to\":\"2026-11-22T01:00:00+00:00\"}")))
        .isEqualTo(
            new BacklogRequest.CheckCompleteness(
                Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-22T01:00:00Z")));
    assertThat(
            decode(
                Fixtures.parse(
                    "{\"action\":\"completeness\",\"through\":\"2026-11-22T01:00:00Z\"}")))
        .isEqualTo(
            new BacklogRequest.CheckThrough(Instant.parse("2026-11-22T01:00:00Z"), null, null));
    assertThat(
            decode(
                Fixtures.parse(
                    "{\"action\":\"completeness\",\"through\":\"2026-11-22T01:00:00Z\","
                        + "\"allowedLateness\":\"PT10M\",\"source\":\"psp\"}")))
        .isEqualTo(
            new BacklogRequest.CheckThrough(
                Instant.parse("2026-11-22T01:00:00Z"), java.time.Duration.ofMinutes(10), "psp"));
  }

  @Test
  void decode_shouldRefuseBadRequests() {
    for (String bad :
        new String[] {
          "[]",
          "{}",
          "{\"action\":\"explode\"}",
          "{\"action\":\"start\",\"kind\":\"INPUT\",\"batch\":1}",
          "{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":0}",
          "{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":1.5}",
          "{\"action\":\"planStateless\",\"maxObjects\":-1}",
          "{\"action\":\"register\",\"keys\":\"input/a\"}",
          "{\"action\":\"completeness\",\"from\":\"yesterday\",\"to\":\"2026-11-22T01:00:00Z\"}",
          "{\"action\":\"completeness\",\"through\":\"2026-11-22T01:00:00Z\",\"to\":\"2026-11-22T01:00:00Z\"}",
          "{\"action\":\"completeness\",\"through\":\"2026-11-22T01:00:00Z\",\"allowedLateness\":\"-PT1H\"}",
          "{\"action\":\"completeness\",\"through\":\"2026-11-22T01:00:00Z\",\"allowedLateness\":\"1h\"}",
          "{\"action\":\"complete\",\"kind\":\"STATEFUL\",\"batch\":1,\"counts\":{\"a\":\"x\"}}"
        }) {
      assertThatThrownBy(() -> decode(Fixtures.parse(bad)))
          .as(bad)
          .isInstanceOf(BadRequestException.class);
    }
  }
}
