package dev.meshtrace.zipkin;

import dev.meshtrace.internal.IpLiterals;
import java.util.function.Function;

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
   * A conversion of one IP field of every span (the local IP, the remote IP) that remembers its last answer: a
   * process's spans repeat the same few addresses, and an equal string costs a comparison instead of a parse. The
   * answer is shared: callers must not modify it. Thread-safe.
   */
  static final class LastConverted<T> {
    private final Function<String, T> convert;
    private volatile Entry<T> last;

    private record Entry<T>(String ip, T converted) {}

    LastConverted(Function<String, T> convert) {
      this.convert = convert;
    }

    /** {@code convert(ip)}; null for a null {@code ip}. */
    T convert(String ip) {
      if (ip == null) return null;
      Entry<T> entry = last;
      if (entry != null && ip.equals(entry.ip)) return entry.converted;
      T converted = convert.apply(ip);
      last = new Entry<>(ip, converted);
      return converted;
    }
  }
}
