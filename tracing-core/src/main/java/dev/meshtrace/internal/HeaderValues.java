package dev.meshtrace.internal;

import java.util.Locale;

/** Checks on header names and values: what may be configured, and what may travel further. */
public final class HeaderValues {
  /** Values longer than this are dropped, never forwarded. */
  public static final int MAX_LENGTH = 8 * 1024;

  private HeaderValues() {}

  /**
   * True when {@code value} is safe to forward: at most {@link #MAX_LENGTH} characters and no control character
   * (0x00-0x1F other than tab, or 0x7F), so it can never split or corrupt an outbound header. Characters beyond
   * ASCII travel: writing them is the adapter's business (OkHttp's checked setter rejects them).
   */
  public static boolean isForwardable(String value) {
    if (value == null || value.length() > MAX_LENGTH) return false;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    }
    return true;
  }

  /**
   * True when {@code a} and {@code b} are equal ignoring the case of ASCII letters only, as HTTP compares field
   * names. {@link String#equalsIgnoreCase} also folds non-ASCII letters onto ASCII ones ({@code \u0130} onto
   * {@code i}, {@code \u017f} onto {@code s}, {@code \u212a} onto {@code k}), so a name no proxy would take for
   * {@code x-request-id} would pass for it.
   */
  public static boolean equalsIgnoreAsciiCase(String a, String b) {
    int n = a.length();
    if (n != b.length()) return false;
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x == y) continue;
      int lower = x | 0x20;
      if (lower != (y | 0x20) || lower < 'a' || lower > 'z') return false;
    }
    return true;
  }

  /**
   * The configured header {@code name} trimmed and lower-cased, when it is an RFC 9110 token.
   *
   * @param purpose what the name is for, named in the error message
   * @throws IllegalArgumentException naming the value when it is blank or not a token
   */
  public static String normalizeName(String name, String purpose) {
    String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (normalized.isEmpty() || !normalized.chars().allMatch(HeaderValues::isTokenChar)) {
      throw new IllegalArgumentException("Invalid header name " + purpose + ": '" + name + "'");
    }
    return normalized;
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
