package dev.recon.core.quarantine;

/**
 * Text from input files made safe to print to a terminal or a page: every control character (C0
 * including ESC, DEL, C1), format character (bidirectional overrides, zero-width characters), line
 * or paragraph separator and lone surrogate is written as {@code \\uXXXX}, so hostile input can
 * neither drive a terminal (ANSI escape sequences) nor reorder or hide what is shown. Everything
 * else is kept as it is; backslashes are not doubled, so a raw {@code \\u0007} typed in the input
 * and an escaped BEL look the same — the JSON output ({@code --json}) tells them apart.
 */
public final class DisplayText {
  private DisplayText() {}

  /** Whether {@code c} is shown escaped. */
  public static boolean unsafe(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        // escape() passes a valid pair on before asking, so a surrogate here stands alone
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED && c >= 0xFFF0;
  }

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        int cp = s.codePointAt(i);
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.UNASSIGNED && cp >= 0xE0000) {
          b = started(b, s, i);
          b.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(i + 1)));
        } else if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (unsafe(c)) {
        b = started(b, s, i);
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static StringBuilder started(StringBuilder b, String s, int i) {
    return b != null ? b : new StringBuilder(s.length() + 16).append(s, 0, i);
  }
}
