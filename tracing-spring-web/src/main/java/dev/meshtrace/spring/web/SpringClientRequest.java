package dev.meshtrace.spring.web;

import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.internal.Utf8;
import dev.meshtrace.spring.web.internal.SpringHeaders;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.http.HttpRequest;

/**
 * A Spring client request as the client handler sees it. Uses only the {@code HttpHeaders} methods that Spring 6.2
 * and 7 share ({@code getFirst}, {@code set}) and {@link SpringHeaders} for removal: in 7 the type is no longer a
 * {@code Map}.
 */
final class SpringClientRequest extends HttpClientRequest {
  private static final Logger LOG = Logger.getLogger(SpringClientRequest.class.getName());

  private final HttpRequest request;
  private final LongAdder refusedHeaders;

  SpringClientRequest(HttpRequest request, LongAdder refusedHeaders) {
    this.request = request;
    this.refusedHeaders = refusedHeaders;
  }

  @Override
  public String method() {
    return request.getMethod().name();
  }

  @Override
  public String path() {
    return request.getURI().getRawPath();
  }

  @Override
  public String query() {
    return request.getURI().getRawQuery();
  }

  @Override
  public String url() {
    return request.getURI().toString();
  }

  @Override
  public String header(String name) {
    return request.getHeaders().getFirst(name);
  }

  /**
   * Replaces every value of {@code name}; Spring's headers match names case-insensitively. A value with bytes
   * beyond ASCII is left out and counted: how the request factory below writes them is unknown here, and the common
   * ones alter them (the JDK's client sends {@code ?}, {@code HttpURLConnection} re-encodes them as UTF-8).
   */
  @Override
  public void header(String name, String value) {
    if (!Utf8.isAscii(value)) {
      refusedHeaders.increment();
      LOG.log(Level.FINE, "Header {0} holds bytes beyond ASCII, which the request factory may alter; it is not"
          + " forwarded", name);
      return;
    }
    request.getHeaders().set(name, value);
  }

  /** Removes every value of {@code name}, whatever its case. */
  @Override
  public void removeHeader(String name) {
    if (request.getHeaders().getFirst(name) != null) SpringHeaders.remove(request.getHeaders(), name);
  }

  URI uri() {
    return request.getURI();
  }

  @Override
  public HttpRequest unwrap() {
    return request;
  }
}
