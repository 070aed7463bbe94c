package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingObjectStoreTest {

  /**
   * Fails the first {@code failures} PUTs the way the url-connection client does on a stale
   * connection.
   */
  private static final class FlakyStore extends dev.recon.core.testing.ForwardingObjectStore {
    final AtomicInteger calls = new AtomicInteger();
    private final int failures;

    FlakyStore(int failures) {
      super(new InMemoryObjectStore());
      this.failures = failures;
    }

    @Override
    public void put(String key, byte[] bytes, Map<String, String> metadata) {
      if (calls.incrementAndGet() <= failures) {
        throw new UncheckedIOException(new SocketException("Unexpected end of file from server"));
      }
      super.put(key, bytes, metadata);
    }
  }

  @Test
  void put_shouldSucceed_whenTheConnectionFailsOnceUnseenByTheSdk() {
    // GIVEN
    FlakyStore flaky = new FlakyStore(1);

    // WHEN
    new RetryingObjectStore(flaky).put("k", new byte[] {1});

    // THEN
    assertThat(flaky.calls.get()).isEqualTo(2);
    assertThat(flaky.get("k")).containsExactly(1);
  }

  @Test
  void put_shouldGiveUp_whenEveryAttemptFails() {
    // GIVEN / WHEN / THEN
    assertThatThrownBy(
            () -> new RetryingObjectStore(new FlakyStore(99), 3).put("k", new byte[] {1}))
        .isInstanceOf(ReconException.class)
        .hasMessageContaining("after 3 attempts");
  }

  @Test
  void get_shouldNotRetry_whenTheObjectIsMissing() {
    // GIVEN / WHEN / THEN a typed answer is passed through at once
    assertThatThrownBy(() -> new RetryingObjectStore(new InMemoryObjectStore()).get("missing"))
        .isInstanceOf(ObjectNotFoundException.class);
  }
}
