package dev.meshtrace.http;

import dev.meshtrace.Span;

/** An inbound request, as the server handler sees it. */
public abstract class HttpServerRequest extends HttpRequest {
  /**
   * Every value of header {@code name} joined with {@code ","}, or null. Override where the framework can hold a
   * header more than once; the default returns the first value.
   */
  public String headerValues(String name) {
    return header(name);
  }

  /** The caller's IP address, or null. */
  public String remoteIp() {
    return null;
  }

  /** The caller's port, or 0. */
  public int remotePort() {
    return 0;
  }

  /** The scheme the request came with, {@code http} or {@code https}, or null when unknown. */
  public String scheme() {
    return null;
  }

  /**
   * The host, and port if given, the request was addressed to, such as {@code reviews:9080}: by default its
   * {@code Host} header, which servers fill from HTTP/2's {@code :authority}.
   */
  public String host() {
    return header("Host");
  }

  @Override
  void tagTarget(Span span, boolean stripQuery) {
    String scheme = scheme();
    if (scheme != null) span.tag(HttpTags.SCHEME, scheme);
    String host = host();
    if (host != null && !host.isEmpty()) span.tag(HttpTags.HOST, host);
  }
}
