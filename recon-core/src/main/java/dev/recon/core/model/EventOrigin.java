package dev.recon.core.model;

import java.util.Objects;

/**
 * Where one copy of an event was read: its input object and 1-based line number. A stateless
 * artifact keeps, per event, the origin of the copy it accepted followed by those of the identical
 * copies counted as its duplicates, so that a later stage that rejects the event (a conflict with
 * history) can quarantine every one of those lines under its own input and line — exactly as if the
 * copies had met in one run.
 */
public record EventOrigin(String inputObject, long line) implements java.io.Serializable {
  public EventOrigin {
    Objects.requireNonNull(inputObject, "inputObject");
  }
}
