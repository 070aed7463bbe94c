package dev.recon.reducer;

import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounter;
import dev.recon.core.port.ObjectStore;
import java.util.Objects;

/**
 * Hands out the provider's store wrapped in a {@link CountingObjectStore} adding to {@code
 * counter}.
 */
final class CountingStoreProvider implements ObjectStoreProvider {
  private static final long serialVersionUID = 1L;
  private final ObjectStoreProvider stores;
  private final IoCounter counter;

  /**
   * @param counter serializable (a {@code SparkIoCounter}) when the provider goes to executors
   */
  CountingStoreProvider(ObjectStoreProvider stores, IoCounter counter) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  public ObjectStore objectStore() {
    return new CountingObjectStore(stores.objectStore(), counter);
  }
}
