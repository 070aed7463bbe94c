package dev.recon.reducer;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.PerJvm;
import java.util.Objects;

/**
 * The production {@link ObjectStoreProvider}: ships only the {@link ReconSettings} and builds one
 * {@link AwsClientFactory} (one S3 client) per executor JVM on first use.
 */
public final class AwsObjectStoreProvider implements ObjectStoreProvider {
  private static final long serialVersionUID = 1L;
  private final ReconSettings settings;

  public AwsObjectStoreProvider(ReconSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public ObjectStore objectStore() {
    // Settings have no equals(); their printable form (no secrets) plus the key id identifies them.
    String jvmKey = "recon-aws:" + settings + ":" + settings.accessKeyId();
    return PerJvm.get(jvmKey, () -> new AwsClientFactory(settings)).objectStore();
  }
}
