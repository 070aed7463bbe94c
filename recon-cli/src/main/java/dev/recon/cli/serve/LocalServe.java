package dev.recon.cli.serve;

import dev.recon.aws.AwsClientFactory;
import dev.recon.cli.Exit;
import dev.recon.cli.LocalSession;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code recon serve} once its options are parsed: listen, start the embedded stack on the home
 * directory, serve until {@code stop} is released, then stop the server before the stack, so no
 * request runs against closed stores.
 *
 * <p>The socket is bound first: a port in use is reported at once, not after the stack's start-up.
 */
public final class LocalServe {
  private LocalServe() {}

  /** Blocks until {@code stop} is counted down; returns an {@link Exit} code. */
  public static int run(
      Path home, InetSocketAddress address, PrintWriter out, PrintWriter err, CountDownLatch stop)
      throws InterruptedException {
    return run(home, address, Optional.empty(), out, err, stop);
  }

  /**
   * As {@link #run(Path, InetSocketAddress, PrintWriter, PrintWriter, CountDownLatch)}, every route
   * guarded by the bearer tokens of {@code tokens} when given.
   */
  public static int run(
      Path home,
      InetSocketAddress address,
      Optional<Tokens> tokens,
      PrintWriter out,
      PrintWriter err,
      CountDownLatch stop)
      throws InterruptedException {
    ReconServer.Binding binding;
    try {
      binding = ReconServer.bind(address);
    } catch (BindException e) {
      err.println(
          "recon serve: cannot listen on "
              + describe(address)
              + ": "
              + e.getMessage()
              + " (is another recon serve running? choose another --port or --bind)");
      err.flush();
      return Exit.FAILED;
    } catch (IOException e) {
      err.println("recon serve: cannot listen on " + describe(address) + ": " + e);
      err.flush();
      return Exit.FAILED;
    }
    try (binding) {
      out.println("recon serve: starting the local stack on " + home + " ...");
      out.flush();
      try (LocalSession session = LocalSession.open(home);
          ReconServer server =
              binding.start(
                  tenancy(session, tokens),
                  Clock.systemUTC(),
                  line -> {
                    err.println(line);
                    err.flush();
                  })) {
        out.println("recon serve: status page  " + server.uri());
        out.println(
            "recon serve: artifacts    "
                + server.uri()
                + "artifacts/{id}  and  "
                + server.uri()
                + "artifacts/{id}/history");
        out.println("recon serve: batches JSON " + server.uri() + "api/batches");
        out.println(
            "recon serve: per tenant  "
                + server.uri()
                + "tenants/{tenant}/artifacts/{id}, …/api/batches, …/ (status page)");
        out.println(
            "recon serve: "
                + (tokens.isPresent()
                    ? "every route needs a bearer token (--tokens)"
                    : "no authentication (no --tokens file)"));
        if (tokens.isEmpty() && !server.address().getAddress().isLoopbackAddress()) {
          out.println(
              "recon serve: WARNING: listening beyond this machine with no authentication: "
                  + "anyone who can reach "
                  + describe(server.address())
                  + " can read every artifact");
        }
        out.println("recon serve: press Ctrl-C to stop");
        out.flush();
        stop.await();
        out.println("recon serve: stopping");
        out.flush();
      }
    }
    return Exit.OK;
  }

  /** Every tenant of the session's stack, each on its own views of the stores. */
  static ReconServer.Tenancy tenancy(LocalSession session, Optional<Tokens> tokens) {
    AwsClientFactory root = session.sharedClients();
    int maxIdLength = root.settings().rules().maxIdLength();
    Map<TenantId, ArtifactApi> apis = new ConcurrentHashMap<>();
    return new ReconServer.Tenancy(
        t ->
            apis.computeIfAbsent(
                t,
                k -> {
                  AwsClientFactory c = root.forTenant(k);
                  return new ArtifactApi(
                      new ArtifactQuery(
                          c.artifactIndex(), c.objectStore(), c.artifactCache(), maxIdLength));
                }),
        t -> dev.recon.cli.TenantLabels.of(root.forTenant(t).batchLedger(), t),
        () -> Tenants.inLedger(root.sharedBatchLedger()),
        tokens);
  }

  private static String describe(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
