package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.http.HttpClientRequest;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A JDK {@link HttpRequest} as the client handler sees it. Requests are immutable, so the headers written go into a
 * copy made by {@link #build}. A header the JDK refuses (a restricted name such as {@code upgrade}, or a value
 * beyond Latin-1) is left out and counted: the request still goes out. So is a value with any byte beyond ASCII:
 * the JDK accepts it but writes HTTP/1.1 headers as US-ASCII, each such byte becoming {@code ?} on the wire.
 */
final class JdkClientRequest extends HttpClientRequest {
  private static final Logger LOG = Logger.getLogger(JdkClientRequest.class.getName());

  private final HttpRequest request;
  private final LongAdder refusedHeaders;
  private HttpRequest.Builder copy;

  JdkClientRequest(HttpRequest request, LongAdder refusedHeaders) {
    this.request = request;
    this.refusedHeaders = refusedHeaders;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return request.uri().getRawPath();
  }

  @Override
  public String query() {
    return request.uri().getRawQuery();
  }

  @Override
  public String url() {
    return request.uri().toString();
  }

  @Override
  public String header(String name) {
    return request.headers().firstValue(name).orElse(null);
  }

  /** Replaces every field named {@code name}, whatever its case (the JDK's header names are case-insensitive). */
  @Override
  public void header(String name, String value) {
    if (!isAscii(value)) {
      refuse(name, "its value holds bytes beyond ASCII, which the JDK would send as '?'");
      return;
    }
    if (copy == null) copy = HttpRequest.newBuilder(request, (headerName, headerValue) -> true);
    try {
      copy.setHeader(name, value);
    } catch (IllegalArgumentException refused) {
      refuse(name, refused.getMessage());
    }
  }

  private void refuse(String name, String why) {
    refusedHeaders.increment();
    LOG.log(Level.FINE, "The JDK HttpClient cannot send header {0}; it is not forwarded: {1}",
        new Object[] {name, why});
  }

  private static boolean isAscii(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      if (value.charAt(i) > 0x7f) return false;
    }
    return true;
  }

  /**
   * Removes every field named {@code name}, whatever its case, by copying the request without it; copies nothing
   * when there is none.
   */
  @Override
  public void removeHeader(String name) {
    HttpRequest current = build();
    if (!current.headers().map().containsKey(name)) return; // the JDK's header map ignores case
    copy = HttpRequest.newBuilder(current, (headerName, headerValue) -> !headerName.equalsIgnoreCase(name));
  }

  /** The request to send: the original, with the headers written so far. */
  HttpRequest build() {
    return copy == null ? request : copy.build();
  }

  @Override
  public HttpRequest unwrap() {
    return request;
  }
}
