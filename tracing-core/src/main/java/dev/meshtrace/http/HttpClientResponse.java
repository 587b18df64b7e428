package dev.meshtrace.http;

/** The outcome of an outbound request, as the client handler sees it. */
public abstract class HttpClientResponse extends HttpResponse {
  /** The IP address actually connected to, or null when unknown. */
  public String remoteIp() {
    return null;
  }

  /** The port actually connected to, or 0 when unknown. */
  public int remotePort() {
    return 0;
  }
}
