package dev.recon.bench;

import dev.recon.core.port.BatchLedger;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.net.URI;

/**
 * The tenant lookup route of {@code recon serve} ({@code GET /tenants/{tenant}/artifacts/{id}}
 * behind a bearer token, DESIGN §10), which the bench times end to end over HTTP beside the bare
 * {@link ArtifactQuery}. The command line supplies the real server; the bench module does not
 * depend on it.
 */
public interface TenantRoute {
  /**
   * Serves {@code query} as tenant {@code tenant}'s artifacts on a free loopback port, behind a
   * fresh token granting that tenant only.
   */
  Served serve(TenantId tenant, ArtifactQuery query, BatchLedger ledger) throws IOException;

  /** A running server; closing it stops it. */
  interface Served extends AutoCloseable {
    /** The server's base address, ending in {@code /}. */
    URI base();

    /** The bearer token the tenant presents. */
    String token();

    @Override
    void close();
  }
}
