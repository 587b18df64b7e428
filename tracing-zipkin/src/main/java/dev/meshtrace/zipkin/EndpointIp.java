package dev.meshtrace.zipkin;

import dev.meshtrace.internal.IpLiterals;

/** The IP of an endpoint as Zipkin models it: an IPv4 or an IPv6 literal, without brackets or zone. */
final class EndpointIp {
  private EndpointIp() {}

  /**
   * {@code ip} as Zipkin's {@code ipv4} or {@code ipv6} value, or null when it is not an IP literal. IPv4 has no
   * ':', IPv6 always has. An IPv4-mapped or -compatible IPv6 literal ({@code ::ffff:10.0.0.1}, {@code ::10.0.0.1})
   * comes back as IPv4, as Zipkin reads it.
   */
  static String normalize(String ip) {
    if (!IpLiterals.isIpLiteral(ip)) return null;
    if (ip.indexOf(':') < 0) return ip;
    String address = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
    int zone = address.indexOf('%');
    if (zone >= 0) address = address.substring(0, zone);
    if (address.indexOf('.') < 0) return address;
    int lastColon = address.lastIndexOf(':');
    String prefix = address.substring(0, lastColon + 1);
    return prefix.equals("::") || prefix.equalsIgnoreCase("::ffff:") ? address.substring(lastColon + 1) : address;
  }

  static boolean isIpv4(String normalized) {
    return normalized.indexOf(':') < 0;
  }

  /**
   * {@link #normalize} remembering its last answer, for one field of every span (the local IP, the remote IP): a
   * process's spans repeat the same few addresses, and an equal string costs a comparison instead of a parse.
   * Thread-safe.
   */
  static final class LastNormalized {
    private volatile Entry last = new Entry("", null);

    private record Entry(String ip, String normalized) {}

    String normalize(String ip) {
      if (ip == null) return null;
      Entry entry = last;
      if (ip.equals(entry.ip)) return entry.normalized;
      String normalized = EndpointIp.normalize(ip);
      last = new Entry(ip, normalized);
      return normalized;
    }
  }
}
