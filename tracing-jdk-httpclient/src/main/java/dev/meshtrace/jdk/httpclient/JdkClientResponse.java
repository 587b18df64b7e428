package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.http.HttpClientResponse;
import dev.meshtrace.internal.UriAddresses;
import java.net.URI;
import java.net.http.HttpResponse;

/** The outcome of one JDK HttpClient request: the final response (after any redirects), an error, or both unset. */
final class JdkClientResponse extends HttpClientResponse {
  private final JdkClientRequest request;
  private final HttpResponse<?> response;
  private final Throwable error;

  JdkClientResponse(JdkClientRequest request, HttpResponse<?> response, Throwable error) {
    this.request = request;
    this.response = response;
    this.error = error;
  }

  @Override
  public JdkClientRequest request() {
    return request;
  }

  @Override
  public int statusCode() {
    return response == null ? 0 : response.statusCode();
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String header(String name) {
    return response == null ? null : response.headers().firstValue(name).orElse(null);
  }

  /**
   * The host of the URI last requested (after redirects). The JDK client does not expose the socket, so this is
   * the address connected to only for an IP literal without a proxy; the span ignores a host name.
   */
  @Override
  public String remoteIp() {
    return UriAddresses.host(uri());
  }

  @Override
  public int remotePort() {
    return UriAddresses.port(uri());
  }

  private URI uri() {
    return response != null ? response.uri() : request.unwrap().uri();
  }

  @Override
  public HttpResponse<?> unwrap() {
    return response;
  }
}
