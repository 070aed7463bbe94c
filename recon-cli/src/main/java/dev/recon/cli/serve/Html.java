package dev.recon.cli.serve;

/**
 * Escaping for the status page. Everything the page shows comes from the ledger, and ledger
 * attributes hold free text (error messages, cancel reasons, input keys) that anyone able to write
 * an input object can influence, so every value goes through {@link #text} before it reaches HTML.
 */
final class Html {
  private Html() {}

  /**
   * Safe in element content and in double- or single-quoted attribute values. Control characters
   * other than tab and newline, which HTML treats as parse errors, become U+FFFD.
   */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default ->
                (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f) ? "\uFFFD" : null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }
}
