package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.core.error.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The translation of failures into one sentence and an exit code (README "Exit codes"). */
class FailuresTest {
  private static final Path HOME = Path.of("/data/recon-home");

  /** What AwsErrors makes of the SDK's failure when the s3proxy's disk fills during an upload. */
  private static StoreUnavailableException uploadFailed() {
    SdkClientException sdk =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Error writing request body to server")
            .cause(new IOException("Error writing request body to server"))
            .build();
    return new StoreUnavailableException(
        "putObject failed after retries: " + sdk.getMessage(), sdk);
  }

  @Test
  void storeFailing_shouldSayTheDiskIsFull_whenItsDiskHasAlmostNoSpaceLeft() {
    Failures.Failure f = Failures.describe(uploadFailed(), HOME, p -> 3L << 20);
    assertThat(f.exit()).isEqualTo(Exit.STORE_UNAVAILABLE);
    assertThat(f.sentence())
        .isEqualTo(
            "the disk holding /data/recon-home is full (3 MB free): free some space, then run the command again");
  }

  @Test
  void storeFailing_shouldSayTheDiskIsFull_whenTheCauseSaysSo() {
    Exception e =
        new java.io.UncheckedIOException(
            "cannot write /data/recon-home/run/s3proxy.properties",
            new IOException("No space left on device"));
    Failures.Failure f = Failures.describe(e, HOME, p -> -1);
    assertThat(f.exit()).isEqualTo(Exit.STORE_UNAVAILABLE);
    assertThat(f.sentence()).startsWith("the disk holding /data/recon-home is full:");
  }

  @Test
  void storeFailing_shouldSayStoreUnavailable_whenTheDiskHasSpace() {
    Failures.Failure f = Failures.describe(uploadFailed(), HOME, p -> 50L << 30);
    assertThat(f.exit()).isEqualTo(Exit.STORE_UNAVAILABLE);
    assertThat(f.sentence())
        .startsWith("a store of the local stack did not answer (putObject failed")
        .contains("run the command again")
        .contains("/data/recon-home/logs")
        .doesNotContain("Exception")
        .doesNotContain("disk");
  }

  @Test
  void homeHeldByAnotherProcess_shouldExit5NamingTheOwnerAndWhatToDo() {
    Failures.Failure f =
        Failures.describe(
            new StackAlreadyRunningException(
                "an embedded stack is already running on "
                    + HOME
                    + " (held by pid=4242 started=2026-12-01T20:00:00Z); stop it first or use another home directory"),
            HOME,
            p -> -1);
    assertThat(f.exit()).isEqualTo(Exit.HOME_UNUSABLE);
    assertThat(f.sentence())
        .contains("/data/recon-home is in use by another recon process (pid=4242")
        .contains("wait for it to finish")
        .doesNotContain("Exception");
  }

  @Test
  void unexpected_shouldUseTheFirstMessageInTheChain() {
    // a wrapper's message that is only its cause's class and message is skipped: no class names
    assertThat(Failures.plain(new RuntimeException(new IllegalStateException("boom"))))
        .isEqualTo("boom");
    assertThat(Failures.plain(new NullPointerException()))
        .isEqualTo("unexpected null pointer exception");
  }
}
