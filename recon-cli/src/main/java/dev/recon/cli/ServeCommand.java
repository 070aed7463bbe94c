package dev.recon.cli;

import dev.recon.cli.serve.LocalServe;
import dev.recon.cli.serve.Tokens;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon serve}: parses the options and hands over to {@link LocalServe}. Ctrl-C (SIGINT,
 * SIGTERM) releases the server through a shutdown hook that waits for the server and the stack to
 * close, so the JVM does not exit half-way through.
 */
@Command(
    name = "serve",
    description = {
      "Serve the accountant's HTTP API and a batch status page over the local stack, until Ctrl-C.",
      "GET /artifacts/{id}, GET /artifacts/{id}/history, GET / (status page), GET /api/batches (JSON)."
    })
public final class ServeCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the server and the stack to stop. */
  static final long STOP_WAIT_SECONDS = 30;

  @Mixin HomeOption home;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default ${DEFAULT-VALUE}: this machine only). "
              + "There is no authentication locally: listen elsewhere only on a network you trust.")
  String bind;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "Bearer tokens, one grant per line: `<tenant|*> sha256:<hex of the token>`; every route"
              + " then needs `Authorization: Bearer <token>` for its tenant (* = every tenant).")
  java.nio.file.Path tokensFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("recon serve: --port must be from 0 to 65535, not " + port);
      return Exit.USAGE;
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind.strip());
    } catch (UnknownHostException e) {
      err.println("recon serve: --bind " + bind + ": unknown host or address");
      return Exit.USAGE;
    }
    java.util.Optional<Tokens> tokens = java.util.Optional.empty();
    if (tokensFile != null) {
      try {
        tokens = java.util.Optional.of(Tokens.load(tokensFile));
      } catch (java.io.IOException | IllegalArgumentException e) {
        err.println("recon serve: --tokens: " + e.getMessage());
        return Exit.USAGE;
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "recon-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return LocalServe.run(
          home.home(),
          new InetSocketAddress(address, port),
          tokens,
          spec.commandLine().getOut(),
          err,
          stop);
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is running
      }
    }
  }
}
