package dev.meshtrace.spring.web;

import dev.meshtrace.http.HttpClientResponse;
import dev.meshtrace.internal.UriAddresses;
import java.io.IOException;
import org.springframework.http.client.ClientHttpResponse;

/** The outcome of one Spring client exchange: a response, or the error that ended it. */
final class SpringClientResponse extends HttpClientResponse {
  private final SpringClientRequest request;
  private final ClientHttpResponse response;
  private final Throwable error;

  SpringClientResponse(SpringClientRequest request, ClientHttpResponse response, Throwable error) {
    this.request = request;
    this.response = response;
    this.error = error;
  }

  @Override
  public SpringClientRequest request() {
    return request;
  }

  /** The status, or 0 when there is no response or reading its status fails. */
  @Override
  public int statusCode() {
    if (response == null) return 0;
    try {
      return response.getStatusCode().value();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String header(String name) {
    return response == null ? null : response.getHeaders().getFirst(name);
  }

  /**
   * The request URI's host, without the brackets of an IPv6 literal. Spring's client abstraction does not expose
   * the socket, so this is the address connected to only when the host is an IP literal and no proxy is used; the
   * span ignores a host name.
   */
  @Override
  public String remoteIp() {
    return UriAddresses.host(request.uri());
  }

  @Override
  public int remotePort() {
    return UriAddresses.port(request.uri());
  }

  @Override
  public ClientHttpResponse unwrap() {
    return response;
  }
}
