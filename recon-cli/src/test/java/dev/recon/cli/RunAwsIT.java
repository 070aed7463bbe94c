package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.local.junit.MotoServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code recon run --aws --state-machine-arn ARN} against moto's Step Functions API, with moto
 * executing the ASL ({@code execute_state_machine}): the command starts an execution, polls it and
 * reports the outcome — exit 0 on SUCCEEDED, exit 1 with the error and cause on FAILED, exit 1 with
 * a sentence when AWS refuses the call. The command's own {@code SfnClient.create()} finds moto
 * through the SDK's system properties (endpoint, region, credentials), as it would find a real
 * account through the environment. Skipped, with a message, where moto_server is absent.
 */
class RunAwsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

  @BeforeAll
  static void properties() {
    PROPERTIES.put("aws.endpointUrl", MOTO.endpoint());
    PROPERTIES.put("aws.region", "eu-west-1");
    PROPERTIES.put("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
    PROPERTIES.put("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
  }

  /**
   * A fresh moto account with one state machine of {@code definition}. Fresh per test: moto 5.2.1's
   * executing backend fails every StartExecution after the first on one server (HTTP 500, "cannot
   * pickle '_thread.RLock' object"), so each test resets it first.
   */
  private static String stateMachine(String name, String definition) {
    MOTO.reset();
    MOTO.configure("{\"stepfunctions\":{\"execute_state_machine\":true}}");
    try (SfnClient sfn =
        SfnClient.builder()
            .region(Region.EU_WEST_1)
            .endpointOverride(URI.create(MOTO.endpoint()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
            .build()) {
      return sfn.createStateMachine(
              b ->
                  b.name(name)
                      .roleArn("arn:aws:iam::123456789012:role/recon-moto-states")
                      .definition(definition))
          .stateMachineArn();
    }
  }

  @AfterAll
  static void clear() {
    PROPERTIES.keySet().forEach(System::clearProperty);
  }

  private static Captured runAws(String arn) {
    PROPERTIES.forEach(System::setProperty);
    try {
      return Captured.recon("run", "--aws", "--state-machine-arn", arn, "--poll-seconds", "1");
    } finally {
      PROPERTIES.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void runAws_shouldStartPollAndExitZero_whenTheExecutionSucceeds() {
    // GIVEN a deployed (moto) workflow that succeeds
    String succeeding =
        stateMachine(
            "recon-moto-ok",
            "{\"StartAt\":\"Plan\",\"States\":{\"Plan\":{\"Type\":\"Pass\",\"End\":true}}}");

    // WHEN recon run --aws starts it
    Captured r = runAws(succeeding);

    // THEN it started one execution of that machine, waited for it and reports SUCCEEDED
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("started arn:aws:states:eu-west-1:123456789012:execution:recon-moto-ok:");
    assertThat(r.out()).contains("SUCCEEDED");
  }

  @Test
  void runAws_shouldExitOneWithErrorAndCause_whenTheExecutionFails() {
    // GIVEN a deployed (moto) workflow whose stage fails
    String failing =
        stateMachine(
            "recon-moto-failing",
            "{\"StartAt\":\"Reduce\",\"States\":{\"Reduce\":{\"Type\":\"Fail\","
                + "\"Error\":\"Recon.StageFailed\",\"Cause\":\"reducer step failed\"}}}");

    // WHEN recon run --aws starts it
    Captured r = runAws(failing);

    // THEN exit 1, naming the status, the error and the cause, and where to look
    assertThat(r.exit()).isEqualTo(Exit.FAILED);
    assertThat(r.err())
        .contains("FAILED")
        .contains("Recon.StageFailed")
        .contains("reducer step failed")
        .contains("get-execution-history");
  }

  @Test
  void runAws_shouldExitOneWithASentence_whenTheStateMachineDoesNotExist() {
    // GIVEN an ARN of no state machine
    // WHEN recon run --aws is given it
    Captured r = runAws("arn:aws:states:eu-west-1:123456789012:stateMachine:recon-moto-missing");

    // THEN exit 1 with one sentence, no stack trace
    assertThat(r.exit()).isEqualTo(Exit.FAILED);
    assertThat(r.err()).contains("AWS did not accept the call").doesNotContain("\tat ");
  }
}
