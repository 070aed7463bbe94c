package dev.recon.core.error;

/**
 * An artifact id that fails {@code Ids}: refused before any store is touched (HTTP 400, exit 2).
 */
public class InvalidIdException extends ReconException {
  public InvalidIdException(String message) {
    super(message);
  }
}
