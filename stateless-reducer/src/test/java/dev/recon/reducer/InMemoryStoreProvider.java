package dev.recon.reducer;

import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.InMemoryObjectStore;
import java.util.concurrent.ConcurrentHashMap;

/** Hands Spark tasks an in-memory store by name (local mode: tasks run in the test JVM). */
final class InMemoryStoreProvider implements ObjectStoreProvider {
  private static final long serialVersionUID = 1L;
  private static final ConcurrentHashMap<String, InMemoryObjectStore> STORES =
      new ConcurrentHashMap<>();
  private final String name;

  InMemoryStoreProvider(String name) {
    this.name = name;
  }

  static InMemoryStoreProvider fresh(String name) {
    STORES.put(name, new InMemoryObjectStore());
    return new InMemoryStoreProvider(name);
  }

  InMemoryObjectStore store() {
    return STORES.get(name);
  }

  @Override
  public ObjectStore objectStore() {
    return STORES.get(name);
  }
}
