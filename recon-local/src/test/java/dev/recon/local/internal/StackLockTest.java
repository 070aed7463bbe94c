package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.StackAlreadyRunningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLockTest {

  @Test
  void acquire_shouldRefuseNamingThisProcess_whenHomeAlreadyLockedHere(@TempDir Path dir)
      throws IOException {
    Path home = dir.toRealPath();
    try (StackLock first = StackLock.acquire(home)) {
      assertThatThrownBy(() -> StackLock.acquire(home))
          .isInstanceOf(StackAlreadyRunningException.class)
          .hasMessageContaining(home.toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid());

      assertThat(Files.readString(home.resolve(StackLock.FILE_NAME)))
          .as("the first owner still holds the home")
          .contains("pid=" + ProcessHandle.current().pid());
    }
  }

  @Test
  void acquire_shouldSucceed_whenPreviousOwnerClosed(@TempDir Path dir) throws IOException {
    Path home = dir.toRealPath();
    StackLock first = StackLock.acquire(home);
    first.close();
    first.close(); // idempotent

    try (StackLock second = StackLock.acquire(home)) {
      assertThat(second.home()).isEqualTo(home);
    }
  }
}
