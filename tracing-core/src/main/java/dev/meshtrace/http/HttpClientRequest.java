package dev.meshtrace.http;

import dev.meshtrace.Span;

/** An outbound request, as the client handler sees it: readable, and writable for the propagation headers. */
public abstract class HttpClientRequest extends HttpRequest {
  /** Sets header {@code name} to {@code value}, replacing any value the application set. */
  public abstract void header(String name, String value);

  /**
   * Removes every field named {@code name} (lower case; matched whatever its case), doing nothing when there is
   * none, which is the common case and should cost no copy of the request. The client handler calls it for the
   * trace headers meshtrace owns before it writes its own, so that one the application set cannot contradict them.
   * The default does nothing: an adapter over a library that can remove a header overrides it.
   */
  public void removeHeader(String name) {}

  /**
   * The absolute URL the request goes to, such as {@code http://ratings:9080/ratings/7}, or null when unknown.
   * Recorded as {@code http.url}: the query left out unless {@link HttpTracing#stripQuery()} is off, the fragment
   * always, and a user name and password replaced by {@code REDACTED}.
   */
  public String url() {
    return null;
  }

  @Override
  void tagTarget(Span span, boolean stripQuery) {
    String url = url();
    if (url != null) span.tag(HttpTags.URL, HttpUrls.forTag(url, stripQuery));
  }
}
