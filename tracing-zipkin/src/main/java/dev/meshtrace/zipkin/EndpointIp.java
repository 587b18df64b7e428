package dev.meshtrace.zipkin;

import dev.meshtrace.internal.IpLiterals;

/** The IP of an endpoint as Zipkin models it: an IPv4 or an IPv6 literal, without brackets or zone. */
final class EndpointIp {
  private EndpointIp() {}

  /**
   * {@code ip} as Zipkin's {@code ipv4} value, or null when it is not IPv4. An IPv4-mapped or -compatible IPv6
   * literal ({@code ::ffff:10.0.0.1}, {@code ::10.0.0.1}) counts as IPv4, as Zipkin reads it.
   */
  static String ipv4(String ip) {
    if (!IpLiterals.isIpLiteral(ip)) return null;
    if (ip.indexOf(':') < 0) return ip;
    String address = bare(ip);
    int lastColon = address.lastIndexOf(':');
    if (address.indexOf('.') < 0) return null;
    String prefix = address.substring(0, lastColon + 1);
    return prefix.equals("::") || prefix.equalsIgnoreCase("::ffff:") ? address.substring(lastColon + 1) : null;
  }

  /** {@code ip} as Zipkin's {@code ipv6} value, or null when it is not an IPv6 literal or is IPv4 embedded. */
  static String ipv6(String ip) {
    if (!IpLiterals.isIpLiteral(ip) || ip.indexOf(':') < 0 || ipv4(ip) != null) return null;
    return bare(ip);
  }

  private static String bare(String ip) {
    String address = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
    int zone = address.indexOf('%');
    return zone < 0 ? address : address.substring(0, zone);
  }
}
