package dev.meshtrace.internal;

/** Recognises IP address literals without any name lookup. */
public final class IpLiterals {
  private IpLiterals() {}

  /** True for a dotted-quad IPv4 literal or an IPv6 literal (optionally in brackets or with a zone). */
  public static boolean isIpLiteral(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) return false;
    return value.indexOf(':') >= 0 ? isIpv6(value) : isIpv4(value, 0, value.length());
  }

  // Every check reads the characters in place, between indexes: an encoder calls this for every span it writes.

  private static boolean isIpv4(String value, int from, int to) {
    int parts = 0;
    int digits = 0;
    int octet = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : value.charAt(i);
      if (c == '.') {
        if (digits == 0 || octet > 255) return false;
        parts++;
        digits = 0;
        octet = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        octet = octet * 10 + (c - '0');
        digits++;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  private static boolean isIpv6(String value) {
    int from = 0;
    int to = value.length();
    if (value.startsWith("[") && value.endsWith("]")) {
      from = 1;
      to--;
    }
    int zone = indexOf(value, "%", from, to);
    if (zone >= 0) to = zone;
    int compressed = indexOf(value, "::", from, to);
    if (compressed < 0) return groups(value, from, to, true) == 8;
    if (indexOf(value, "::", compressed + 1, to) >= 0) return false;
    int head = groups(value, from, compressed, false);
    int tail = groups(value, compressed + 2, to, true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /**
   * The 16-bit groups in the colon-separated part {@code [from, to)} of an IPv6 address (0 when empty); a dotted
   * IPv4 ending, where allowed, counts two. -1 when the part is malformed.
   */
  private static int groups(String value, int from, int to, boolean ipv4Ending) {
    if (from >= to) return 0;
    int groups = 0;
    for (int start = from; ; ) {
      int colon = indexOf(value, ":", start, to);
      int end = colon < 0 ? to : colon;
      if (colon < 0 && ipv4Ending && indexOf(value, ".", start, to) >= 0) {
        return isIpv4(value, start, to) ? groups + 2 : -1;
      }
      int length = end - start;
      if (length == 0 || length > 4 || !Hex.isHex(value, start, length, true)) return -1;
      groups++;
      if (colon < 0) return groups;
      start = colon + 1;
    }
  }

  /** The index of {@code part} in {@code value} lying wholly within {@code [from, to)}, or -1. */
  private static int indexOf(String value, String part, int from, int to) {
    int index = value.indexOf(part, from);
    return index >= 0 && index + part.length() <= to ? index : -1;
  }
}
