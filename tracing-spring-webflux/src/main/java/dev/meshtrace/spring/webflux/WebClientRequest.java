package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.spring.web.internal.SpringHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;

/** A WebClient request as the client handler sees it; the headers it is given go into the copy {@link #build} makes. */
final class WebClientRequest extends HttpClientRequest {
  private final ClientRequest request;
  private ClientRequest.Builder copy;

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
    if (copy == null) copy = ClientRequest.from(request);
    copy.headers(headers -> headers.set(name, value));
  }

  /** Removes every value of {@code name}, whatever its case; copies nothing when there is none. */
  @Override
  public void removeHeader(String name) {
    if (copy == null) {
      if (request.headers().getFirst(name) == null) return;
      copy = ClientRequest.from(request);
    }
    copy.headers(headers -> SpringHeaders.remove(headers, name));
  }

  ClientRequest build() {
    return copy == null ? request : copy.build();
  }

  @Override
  public ClientRequest unwrap() {
    return request;
  }
}
