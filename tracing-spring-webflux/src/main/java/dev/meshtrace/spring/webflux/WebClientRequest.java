package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.spring.web.internal.SpringHeaders;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;

/** A WebClient request as the client handler sees it; the headers it is given go into the copy {@link #build} makes. */
final class WebClientRequest extends HttpClientRequest {
  private final ClientRequest request;
  private ClientRequest.Builder copy;
  /** The copy's headers, live until it is built. */
  private HttpHeaders copyHeaders;

  WebClientRequest(ClientRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return request.url().getRawPath();
  }

  @Override
  public String query() {
    return request.url().getRawQuery();
  }

  @Override
  public String url() {
    return request.url().toString();
  }

  @Override
  public String header(String name) {
    return request.headers().getFirst(name);
  }

  /** Replaces every value of {@code name}, whatever its case. */
  @Override
  public void header(String name, String value) {
    copy().set(name, value);
  }

  /** Removes every value of {@code name}, whatever its case; copies nothing when there is none. */
  @Override
  public void removeHeader(String name) {
    if (copy == null && request.headers().getFirst(name) == null) return;
    SpringHeaders.remove(copy(), name);
  }

  private HttpHeaders copy() {
    if (copy == null) {
      copy = ClientRequest.from(request);
      copy.headers(headers -> copyHeaders = headers);
    }
    return copyHeaders;
  }

  ClientRequest build() {
    return copy == null ? request : copy.build();
  }

  @Override
  public ClientRequest unwrap() {
    return request;
  }
}
