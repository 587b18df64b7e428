package dev.meshtrace.internal;

/** Recognises IP address literals without any name lookup. */
public final class IpLiterals {
  private IpLiterals() {}

  /** True for a dotted-quad IPv4 literal or an IPv6 literal (optionally in brackets or with a zone). */
  public static boolean isIpLiteral(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) return false;
    return value.indexOf(':') >= 0 ? isIpv6(value) : isIpv4(value);
  }

  private static boolean isIpv4(String value) {
    int parts = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0, n = value.length(); i <= n; i++) {
      char c = i == n ? '.' : value.charAt(i);
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
    String address = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
    int zone = address.indexOf('%');
    if (zone >= 0) address = address.substring(0, zone);
    int compressed = address.indexOf("::");
    if (compressed < 0) return groups(address, true) == 8;
    if (address.indexOf("::", compressed + 1) >= 0) return false;
    int head = groups(address.substring(0, compressed), false);
    int tail = groups(address.substring(compressed + 2), true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /**
   * The 16-bit groups in a colon-separated part of an IPv6 address (0 when empty); a dotted IPv4 ending, where
   * allowed, counts two. -1 when the part is malformed.
   */
  private static int groups(String part, boolean ipv4Ending) {
    if (part.isEmpty()) return 0;
    int groups = 0;
    for (int start = 0; ; ) {
      int end = part.indexOf(':', start);
      String group = end < 0 ? part.substring(start) : part.substring(start, end);
      if (end < 0 && ipv4Ending && group.indexOf('.') >= 0) return isIpv4(group) ? groups + 2 : -1;
      if (group.isEmpty() || group.length() > 4 || !Hex.isHex(group, 0, group.length(), true)) return -1;
      groups++;
      if (end < 0) return groups;
      start = end + 1;
    }
  }
}
