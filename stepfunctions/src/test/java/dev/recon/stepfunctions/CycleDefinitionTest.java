package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedule's cycle (DESIGN §10): each tenant the backlog manager names gets one run of the
 * stateless workflow as its own execution; a tenant whose run fails does not stop the others, and
 * the cycle fails afterwards with the backlog manager's verdict.
 */
class CycleDefinitionTest {

  /** Backlog manager and stateless starts as the wiring registers them, recording requests. */
  private static TaskRegistry tasks(
      List<JsonNode> backlog, List<String> started, String failingTenant) {
    return new TaskRegistry()
        .lambda(
            Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN),
            request -> {
              backlog.add(request);
              if (request.get("action").asText().equals(Definitions.ACTION_TENANTS)) {
                return Json.of("{'tenants': ['acme', 'globex', 'initech']}");
              }
              boolean anyFailed = false;
              for (JsonNode r : request.get("results")) {
                anyFailed |= r.get("failed").asBoolean();
              }
              if (anyFailed) {
                throw new TaskFailure(
                    "dev.recon.backlog.TenantRunFailedException", "1 of 3 tenants failed");
              }
              return Json.of("{'tenants': 3, 'failed': []}");
            })
        .startExecution(
            Definitions.placeholder(Definitions.STATELESS_STATE_MACHINE_ARN),
            request -> {
              String tenant = request.at("/Input/tenant").asText();
              started.add(tenant);
              if (tenant.equals(failingTenant)) {
                throw new TaskFailure(
                    "States.TaskFailed", "stateless run of " + tenant + " failed");
              }
              return Json.of(
                  "{'Status': 'SUCCEEDED', 'Output': {'tenant': '"
                      + tenant
                      + "', 'plan': {'planned': true}}}");
            });
  }

  @Test
  void cycle_shouldRunEveryTenantAndReportEach_whenAllSucceed() {
    List<JsonNode> backlog = new ArrayList<>();
    List<String> started = new ArrayList<>();

    ExecutionResult result =
        StateMachineRunner.builder(tasks(backlog, started, null))
            .build()
            .run(Definitions.cycle(Map.of()), Json.of("{}"), "c-1");

    assertThat(result.succeeded()).isTrue();
    assertThat(started).containsExactly("acme", "globex", "initech");
    assertThat(backlog.get(0)).isEqualTo(Json.of("{'action': 'tenants', 'request': {}}"));
    assertThat(backlog.get(1).get("results"))
        .isEqualTo(
            Json.of(
                "[{'tenant': 'acme', 'failed': false, 'planned': true},"
                    + " {'tenant': 'globex', 'failed': false, 'planned': true},"
                    + " {'tenant': 'initech', 'failed': false, 'planned': true}]"));
  }

  @Test
  void cycle_shouldRunTheOtherTenantsAndThenFail_whenOneTenantsRunFails() {
    List<JsonNode> backlog = new ArrayList<>();
    List<String> started = new ArrayList<>();

    ExecutionResult result =
        StateMachineRunner.builder(tasks(backlog, started, "acme"))
            .build()
            .run(Definitions.cycle(Map.of()), Json.of("{}"), "c-2");

    assertThat(started).containsExactly("acme", "globex", "initech");
    JsonNode results = backlog.get(1).get("results");
    assertThat(results.get(0).get("failed").asBoolean()).isTrue();
    assertThat(results.get(0).at("/error/Cause").asText()).contains("stateless run of acme");
    assertThat(results.get(1).get("failed").asBoolean()).isFalse();
    assertThat(results.get(2).get("failed").asBoolean()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("dev.recon.backlog.TenantRunFailedException");
    assertThat(result.visitedStates()).endsWith("CycleOutcome", "Failed");
  }
}
