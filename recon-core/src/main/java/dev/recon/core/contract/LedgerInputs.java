package dev.recon.core.contract;

import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.util.Arrays;
import java.util.List;

/**
 * The input list of a stateless batch as the ledger holds it: attribute {@code inputs} of record
 * {@code STATELESS/seq(S)}, input object keys separated by {@code \n} (keys never contain one), in
 * plan order. Written by the backlog manager, read by the reducer; defined once, here.
 */
public final class LedgerInputs {
  private LedgerInputs() {}

  public static String encode(List<String> keys) {
    for (String k : keys) {
      if (k == null || k.isEmpty() || k.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("input key empty or with a newline: " + k);
      }
    }
    return String.join("\n", keys);
  }

  public static List<String> decode(String attribute) {
    if (attribute == null || attribute.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(attribute.split("\n"));
  }

  /**
   * The inputs stateless batch {@code s} was planned over.
   *
   * @throws ReconException when there is no such batch, it is still being planned, or it was
   *     cancelled (a cancelled batch is not processed: its inputs went back to pending)
   */
  public static List<String> of(BatchLedger ledger, long s) {
    LedgerRecord r =
        ledger
            .get(BatchKind.STATELESS, Layout.seq(s))
            .orElseThrow(() -> new ReconException("no STATELESS batch " + s + " in the ledger"));
    if (r.status() == BatchStatus.CANCELED) {
      throw new ReconException("stateless batch " + s + " was cancelled; it is not processed");
    }
    List<String> inputs = decode(r.attribute(LedgerNames.INPUTS));
    if (inputs.isEmpty()) {
      throw new ReconException(
          "stateless batch " + s + " is still being planned (no input list yet)");
    }
    return inputs;
  }
}
