package dev.recon.backlog;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code inputs} attribute of a STATELESS record: input object keys separated by {@code \n}
 * (a key never holds a newline: the registry refuses such keys), oldest input first.
 */
public final class InputLists {
  private InputLists() {}

  public static String encode(List<String> keys) {
    for (String k : keys) {
      if (k.isEmpty() || k.indexOf('\n') >= 0) {
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
}
