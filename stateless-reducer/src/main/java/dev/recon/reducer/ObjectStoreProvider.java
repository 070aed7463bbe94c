package dev.recon.reducer;

import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import java.io.Serializable;

/**
 * Gives an executor its {@link ObjectStore}. Spark functions hold this (serializable, no client
 * inside) and ask it for the store on the executor, so no client is ever captured in a closure; an
 * implementation builds one client per JVM and reuses it (see {@code PerJvm}).
 */
@FunctionalInterface
public interface ObjectStoreProvider extends Serializable {
  ObjectStore objectStore();

  /**
   * The tenant whose store this is: an event naming another tenant is quarantined ({@code
   * WRONG_TENANT}).
   */
  default TenantId tenant() {
    return TenantId.DEFAULT;
  }
}
