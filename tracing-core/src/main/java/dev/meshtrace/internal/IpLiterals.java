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
    int lastColon = address.lastIndexOf(':');
    String tail = address.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0 && !isIpv4(tail)) return false;
    int groups = 0;
    int hexDigits = 0;
    for (int i = 0, n = tail.indexOf('.') >= 0 ? lastColon + 1 : address.length(); i < n; i++) {
      char c = address.charAt(i);
      if (c == ':') {
        hexDigits = 0;
        groups++;
      } else if (Character.digit(c, 16) >= 0 && ++hexDigits <= 4) {
        continue;
      } else {
        return false;
      }
    }
    return groups >= 2 && groups <= 8;
  }
}
