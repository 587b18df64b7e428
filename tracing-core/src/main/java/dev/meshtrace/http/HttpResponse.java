package dev.meshtrace.http;

/** What the HTTP handlers read when an exchange ends: a response, an error, or both. */
public abstract class HttpResponse {
  /**
   * The request this responds to, or null. Adapters whose {@link #route()} becomes known only while handling must
   * return it: the span is renamed {@code METHOD route} from its method (without it the name stays the method).
   */
  public HttpRequest request() {
    return null;
  }

  /** The status code, or 0 when no response was received or sent. */
  public abstract int statusCode();

  /** The error that ended the exchange, or null. */
  public Throwable error() {
    return null;
  }

  /** The route template known by now (frameworks match routes while handling), or null. */
  public String route() {
    return null;
  }

  /** The first value of response header {@code name}, or null. */
  public String header(String name) {
    return null;
  }

  /** The framework's own response object, or null. */
  public abstract Object unwrap();
}
