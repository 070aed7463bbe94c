package dev.recon.core.error;

/** The object store holds no object under the key asked for. */
public class ObjectNotFoundException extends ReconException {
  public ObjectNotFoundException(String key) {
    super("no object at " + key);
  }
}
