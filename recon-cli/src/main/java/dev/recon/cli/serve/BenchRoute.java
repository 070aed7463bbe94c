package dev.recon.cli.serve;

import dev.recon.bench.TenantRoute;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code recon bench}'s tenant route: the real {@link ReconServer} on a free loopback port, its
 * default limits, one tenant and a fresh random token for it — what {@code recon serve --tokens}
 * runs, minus the stack it would open itself.
 */
public final class BenchRoute implements TenantRoute {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public Served serve(TenantId tenant, ArtifactQuery query, BatchLedger ledger) throws IOException {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    ArtifactApi api = new ArtifactApi(query);
    ReconServer server =
        ReconServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .start(
                new ReconServer.Tenancy(
                    t -> t.equals(tenant) ? api : null,
                    t -> t.equals(tenant) ? ledger : null,
                    () -> new TreeSet<>(Set.of(tenant)),
                    Optional.of(Tokens.granting(tenant, token))),
                Clock.systemUTC(),
                line -> {});
    URI base = server.uri();
    return new Served() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public String token() {
        return token;
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
