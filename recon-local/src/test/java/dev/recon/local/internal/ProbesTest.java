package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbesTest {

  @Test
  void freeLoopbackPorts_shouldBeDistinct_whenSeveralRequested() {
    int[] ports = Probes.freeLoopbackPorts(3);

    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
    assertThat(Arrays.stream(ports).min().orElseThrow()).isPositive();
  }

  @Test
  void probes_shouldBeFalse_whenNothingListens() {
    int port = Probes.freeLoopbackPort();

    assertThat(Probes.httpAnswers(port)).isFalse();
    assertThat(Probes.redisAnswers(port)).isFalse();
  }

  @Test
  void httpAnswers_shouldBeTrue_whenServerSendsAnyStatusLine() throws Exception {
    try (ServerSocket server = answerOnce("HTTP/1.1 403 Forbidden\r\n\r\n")) {
      assertThat(Probes.httpAnswers(server.getLocalPort())).isTrue();
    }
  }

  @Test
  void redisAnswers_shouldBeFalse_whenRedisIsStillLoading() throws Exception {
    try (ServerSocket server = answerOnce("-LOADING Redis is loading the dataset in memory\r\n")) {
      assertThat(Probes.redisAnswers(server.getLocalPort())).isFalse();
    }
  }

  private static ServerSocket answerOnce(String reply) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[256]);
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
              } catch (IOException ignored) {
                // test ended
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }
}
