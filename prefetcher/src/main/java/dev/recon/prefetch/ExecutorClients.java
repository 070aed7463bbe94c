package dev.recon.prefetch;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.PerJvm;
import java.util.Objects;

/**
 * The client factory of this JVM for a given settings object, built once and reused by every task
 * on the executor (STYLE.md: functions carry the serializable settings, never a client).
 *
 * <p>Why a derived key: {@link ReconSettings} does not define {@code equals}, and every task
 * deserializes its own copy, so keying by the object would build new clients (and connection
 * pools) for each task. The key is built from every field that shapes a client; secrets enter
 * only as a hash.
 */
public final class ExecutorClients {
  private ExecutorClients() {}

  public static AwsClientFactory factory(ReconSettings settings) {
    return PerJvm.get(key(settings), () -> new AwsClientFactory(settings));
  }

  /** This JVM's object store for the settings (the factory's store already retries connection failures the SDK does not). */
  public static ObjectStore objectStore(ReconSettings settings) {
    return factory(settings).objectStore();
  }

  static String key(ReconSettings s) {
    return "recon-clients|" + s
        + "|" + s.cacheTtlSeconds() + "|" + s.cacheMaxBytes() + "|" + s.apiCallTimeout()
        + "|" + s.apiCallAttemptTimeout() + "|" + s.maxRetries()
        + "|" + Objects.hash(s.accessKeyId(), s.secretAccessKey(), s.redisAuthToken());
  }
}
