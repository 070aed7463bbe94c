package dev.recon.backlog;

import dev.recon.core.contract.LedgerInputs;
import java.util.List;

/**
 * The {@code inputs} attribute of a STATELESS record ({@code \n}-separated keys, oldest first),
 * encoded exactly as the reducer decodes it ({@link LedgerInputs}).
 */
public final class InputLists {
  private InputLists() {}

  public static String encode(List<String> keys) {
    return LedgerInputs.encode(keys);
  }

  public static List<String> decode(String attribute) {
    return LedgerInputs.decode(attribute);
  }
}
