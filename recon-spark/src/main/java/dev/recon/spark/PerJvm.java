package dev.recon.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resources built once per executor JVM (AWS clients, thread pools) from serializable settings.
 * Spark functions hold only the settings and ask here for the client, so no client is ever captured
 * in a closure or serialized (STYLE.md). Resources live until the JVM exits.
 */
public final class PerJvm {
  private static final ConcurrentHashMap<Object, Object> RESOURCES = new ConcurrentHashMap<>();

  private PerJvm() {}

  @SuppressWarnings("unchecked")
  public static <T> T get(Object key, Supplier<T> factory) {
    return (T) RESOURCES.computeIfAbsent(key, k -> factory.get());
  }
}
