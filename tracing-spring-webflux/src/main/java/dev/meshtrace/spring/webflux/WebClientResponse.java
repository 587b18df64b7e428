package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpClientResponse;
import dev.meshtrace.internal.UriAddresses;
import java.util.List;
import org.springframework.web.reactive.function.client.ClientResponse;

/** The outcome of one WebClient exchange: the response (its headers), an error, or neither (cancelled). */
final class WebClientResponse extends HttpClientResponse {
  private final WebClientRequest request;
  private final ClientResponse response;
  private final Throwable error;

  WebClientResponse(WebClientRequest request, ClientResponse response, Throwable error) {
    this.request = request;
    this.response = response;
    this.error = error;
  }

  @Override
  public WebClientRequest request() {
    return request;
  }

  @Override
  public int statusCode() {
    return response == null ? 0 : response.statusCode().value();
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String header(String name) {
    if (response == null) return null;
    List<String> values = response.headers().header(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The request URI's host: WebClient does not expose the socket; the span ignores a host name. */
  @Override
  public String remoteIp() {
    return UriAddresses.host(request.unwrap().url());
  }

  @Override
  public int remotePort() {
    return UriAddresses.port(request.unwrap().url());
  }

  @Override
  public ClientResponse unwrap() {
    return response;
  }
}
