package dev.recon.core.match;

import dev.recon.core.model.Side;
import java.util.Objects;

/** An internal line type and side that is expected to appear on a statement (DESIGN §9). */
public record SettlingType(String type, Side side) implements java.io.Serializable {
  public SettlingType {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(side, "side");
  }
}
