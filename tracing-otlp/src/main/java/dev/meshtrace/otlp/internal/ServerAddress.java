package dev.meshtrace.otlp.internal;

import dev.meshtrace.internal.Urls;

/**
 * The {@code server.address} and {@code server.port} of an HTTP span, read from a client call's URL or a served
 * request's {@code Host}: an IPv6 literal loses its brackets; without a port, the scheme's default is used.
 */
record ServerAddress(String host, int port) {
  /** From an absolute URL, such as {@code http://ratings:9080/ratings/7}; null when it has no host. */
  static ServerAddress ofUrl(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) return null;
    return ofHost(Urls.authority(url), url.substring(0, schemeEnd));
  }

  /** From {@code host[:port]} or {@code [ipv6][:port]}; null when there is no host. */
  static ServerAddress ofHost(String authority, String scheme) {
    int portStart = -1; // the last colon, unless it is inside an IPv6 literal's brackets
    for (int i = authority.length() - 1; i >= 0; i--) {
      char c = authority.charAt(i);
      if (c == ':') {
        portStart = i;
        break;
      }
      if (c == ']') break;
    }
    String host = portStart < 0 ? authority : authority.substring(0, portStart);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.isEmpty()) return null;
    int port = portStart < 0 ? defaultPort(scheme) : parsePort(authority.substring(portStart + 1));
    return new ServerAddress(host, port);
  }

  private static int defaultPort(String scheme) {
    if ("http".equalsIgnoreCase(scheme)) return 80;
    if ("https".equalsIgnoreCase(scheme)) return 443;
    return 0;
  }

  /** A port between 1 and 65535, or 0. */
  private static int parsePort(String digits) {
    if (digits.isEmpty() || digits.length() > 5) return 0;
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return 0;
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : 0;
  }
}
