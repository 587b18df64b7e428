package dev.meshtrace.spring.web;

import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.spring.web.internal.SpringHeaders;
import java.net.URI;
import org.springframework.http.HttpRequest;

/**
 * A Spring client request as the client handler sees it. Uses only the {@code HttpHeaders} methods that Spring 6.2
 * and 7 share ({@code getFirst}, {@code set}) and {@link SpringHeaders} for removal: in 7 the type is no longer a
 * {@code Map}.
 */
final class SpringClientRequest extends HttpClientRequest {
  private final HttpRequest request;

  SpringClientRequest(HttpRequest request) {
    this.request = request;
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
  public String header(String name) {
    return request.getHeaders().getFirst(name);
  }

  /** Replaces every value of {@code name}; Spring's headers match names case-insensitively. */
  @Override
  public void header(String name, String value) {
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
