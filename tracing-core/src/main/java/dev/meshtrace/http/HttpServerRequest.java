package dev.meshtrace.http;

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
}
