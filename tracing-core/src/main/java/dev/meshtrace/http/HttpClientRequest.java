package dev.meshtrace.http;

/** An outbound request, as the client handler sees it: readable, and writable for the propagation headers. */
public abstract class HttpClientRequest extends HttpRequest {
  /** Sets header {@code name} to {@code value}, replacing any value the application set. */
  public abstract void header(String name, String value);
}
