package dev.meshtrace.internal;

import java.net.URI;

/**
 * The address a request URI names, for client adapters whose library does not expose the socket. It is the
 * address connected to only when the host is an IP literal and no proxy is used; spans ignore a host name.
 */
public final class UriAddresses {
  private UriAddresses() {}

  /** The URI's host without the brackets of an IPv6 literal, or null. */
  public static String host(URI uri) {
    String host = uri.getHost();
    if (host != null && host.startsWith("[") && host.endsWith("]")) return host.substring(1, host.length() - 1);
    return host;
  }

  /** The URI's port, else the scheme's default (80 or 443), else 0. */
  public static int port(URI uri) {
    if (uri.getPort() != -1) return uri.getPort();
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 0;
  }
}
