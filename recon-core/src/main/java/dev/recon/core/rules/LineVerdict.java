package dev.recon.core.rules;

import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineRecord;

/** The outcome of validating one line: exactly one of {@code event} and {@code quarantine}. */
public record LineVerdict(Event event, QuarantineRecord quarantine) {
  public LineVerdict {
    if ((event == null) == (quarantine == null)) {
      throw new IllegalArgumentException("exactly one of event and quarantine");
    }
  }

  public boolean accepted() {
    return event != null;
  }
}
