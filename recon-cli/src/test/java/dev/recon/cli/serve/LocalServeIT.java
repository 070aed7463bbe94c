package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.cli.Exit;
import dev.recon.local.EmbeddedStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon serve} end to end on a home directory: starts the stack, prints the URL, stops
 * cleanly.
 */
class LocalServeIT {
  private static final Pattern URL = Pattern.compile("status page +(http://\\S+/)");
  @TempDir Path home;
  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    thread.shutdownNow();
  }

  @Test
  void run_shouldServeUntilStopped_thenReleaseThePortAndTheStack() throws Exception {
    // GIVEN recon serve running on a free loopback port
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CountDownLatch stop = new CountDownLatch(1);
    Future<Integer> exit =
        thread.submit(
            () ->
                LocalServe.run(
                    home,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    stop));
    URI url = awaitUrl(out, exit);
    HttpClient http = HttpClient.newHttpClient();

    // WHEN it answers, then is stopped (what Ctrl-C does through ServeCommand's shutdown hook)
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(url.resolve("status")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(url.resolve("artifacts/none")).build(),
            HttpResponse.BodyHandlers.ofString());
    stop.countDown();

    // THEN
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("No stateful batches yet.");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(Exit.OK);
    assertThat(out.toString())
        .contains("artifacts/{id}", "api/batches", "press Ctrl-C to stop", "recon serve: stopping");
    assertThat(err.toString()).isEmpty();
    // the port is closed, and the home's stack can start again (its lock was released)
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    EmbeddedStack.start(home).close();
  }

  private static URI awaitUrl(StringWriter out, Future<Integer> exit) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      Matcher m = URL.matcher(out.toString());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (exit.isDone()) {
        throw new AssertionError("recon serve ended early with " + exit.get() + ": " + out);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("recon serve printed no URL within 120 s: " + out);
  }
}
