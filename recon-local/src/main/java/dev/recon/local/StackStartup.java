package dev.recon.local;

import dev.recon.local.internal.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waiting for the servers (readiness polls, no fixed sleeps) and stopping them again. */
final class StackStartup {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  static final long POLL_MILLIS = 20;
  static final int LOG_TAIL_LINES = 30;

  private StackStartup() {}

  static void awaitReady(
      ChildProcess child, int port, IntPredicate probe, long deadline, Duration timeout) {
    while (true) {
      if (!child.isAlive()) {
        throw new StackStartException(
            child.name()
                + " exited while starting (port "
                + port
                + "); last lines of "
                + child.logFile()
                + ":\n"
                + child.logTail(LOG_TAIL_LINES));
      }
      if (probe.test(port)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            child.name()
                + " not ready on port "
                + port
                + " after "
                + timeout.toSeconds()
                + " s; last lines of "
                + child.logFile()
                + ":\n"
                + child.logTail(LOG_TAIL_LINES));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for " + child.name(), e);
      }
    }
  }

  /** Waits for every step; the first failure aborts the wait (the caller then stops everything). */
  static void joinAll(List<CompletableFuture<Void>> futures, Duration timeout) {
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    for (CompletableFuture<Void> f : futures) {
      f.whenComplete(
          (ok, e) -> {
            if (e != null) {
              firstFailure.completeExceptionally(e);
            }
          });
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
    try {
      CompletableFuture.anyOf(all, firstFailure).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw cause instanceof StackStartException sse
          ? sse
          : new StackStartException("embedded stack setup failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new StackStartException(
          "embedded stack did not start within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while starting the embedded stack", e);
    }
  }

  static void stopAll(List<ChildProcess> children) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ChildProcess c : children) {
      stops.add(
          CompletableFuture.runAsync(
              () -> {
                long t0 = System.nanoTime();
                c.stop(STOP_GRACE);
                LOG.debug(
                    "{} stopped in {} ms",
                    c,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
              }));
    }
    for (CompletableFuture<Void> s : stops) {
      try {
        s.join();
      } catch (CompletionException e) {
        LOG.warn("stopping a server failed", e.getCause());
      }
    }
  }

  static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "embedded-stack-start");
      t.setDaemon(true);
      return t;
    };
  }
}
