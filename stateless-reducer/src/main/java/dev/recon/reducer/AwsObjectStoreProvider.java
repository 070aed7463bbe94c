package dev.recon.reducer;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.spark.ExecutorClients;
import java.util.Objects;

/**
 * The production {@link ObjectStoreProvider}: ships only the {@link ReconSettings} and takes the
 * executor's store from {@link ExecutorClients}, the Spark jobs' one per-JVM client cache.
 */
public final class AwsObjectStoreProvider implements ObjectStoreProvider {
  private static final long serialVersionUID = 1L;
  private final ReconSettings settings;

  public AwsObjectStoreProvider(ReconSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public ObjectStore objectStore() {
    return ExecutorClients.objectStore(settings);
  }

  @Override
  public TenantId tenant() {
    return settings.tenant();
  }
}
