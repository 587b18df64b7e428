package dev.meshtrace.http;

/** An outbound request, as the client handler sees it: readable, and writable for the propagation headers. */
public abstract class HttpClientRequest extends HttpRequest {
  /** Sets header {@code name} to {@code value}, replacing any value the application set. */
  public abstract void header(String name, String value);

  /**
   * Where the request goes, {@code host} or {@code host:port} as the request names it, or null when unknown (the
   * default). Read only for diagnostics, when a request is sent with no trace context.
   */
  public String host() {
    return null;
  }
}
