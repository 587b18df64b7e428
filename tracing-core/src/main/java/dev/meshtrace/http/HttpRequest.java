package dev.meshtrace.http;

import dev.meshtrace.Span;

/** What the HTTP handlers read from a request; each adapter maps its framework's type onto it. */
public abstract class HttpRequest {
  /** The method, upper case, such as {@code GET}. */
  public abstract String method();

  /** The path without the query string, such as {@code /books/7}; null when unknown. */
  public abstract String path();

  /** The query string without {@code ?}, or null. */
  public String query() {
    return null;
  }

  /** The route template, such as {@code /books/{id}}, when the framework knows it already; else null. */
  public String route() {
    return null;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public abstract String header(String name);

  /** The framework's own request object. */
  public abstract Object unwrap();

  /** Tags where the request is addressed: the URL of a client call, the scheme and host of a served request. */
  void tagTarget(Span span, boolean stripQuery) {}
}
