package dev.recon.spark;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;

/**
 * The one per-executor client cache of the Spark jobs: the {@link AwsClientFactory} of this JVM for
 * given settings, built once and reused by every task on the executor (STYLE.md: functions carry
 * the serializable settings, never a client).
 *
 * <p>Keyed by the {@link ReconSettings} themselves: they have value equality over every field
 * (secrets included), so the copy each task deserializes finds the clients (and connection pools)
 * the first task built, and settings that differ in anything get clients of their own. The key is
 * wrapped in a type of its own so no other {@link PerJvm} resource keyed by settings collides.
 */
public final class ExecutorClients {
  private ExecutorClients() {}

  public static AwsClientFactory factory(ReconSettings settings) {
    // One set of clients per JVM serves every tenant: the key leaves the tenant out, the view
    // scopes the ports to it.
    ReconSettings shared = settings.withTenant(TenantId.DEFAULT);
    return PerJvm.get(new Key(shared), () -> new AwsClientFactory(shared))
        .forTenant(settings.tenant());
  }

  /**
   * This JVM's object store for the settings (the factory's store already retries connection
   * failures the SDK does not).
   */
  public static ObjectStore objectStore(ReconSettings settings) {
    return factory(settings).objectStore();
  }

  private record Key(ReconSettings settings) {
    Key {
      java.util.Objects.requireNonNull(settings, "settings");
    }
  }
}
