package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpServerRequest;
import dev.meshtrace.internal.HeaderValues;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** A WebFlux request as the server handler sees it. */
final class WebFluxServerRequest extends HttpServerRequest {
  private final ServerHttpRequest request;

  WebFluxServerRequest(ServerHttpRequest request) {
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
  public String scheme() {
    return request.getURI().getScheme();
  }

  @Override
  public String header(String name) {
    return request.getHeaders().getFirst(name);
  }

  /**
   * Every value of {@code name}, joined with {@code ","}. Read by iterating: {@code HttpHeaders.get} takes an
   * {@code Object} in Spring 6 and a {@code String} in 7, so no single compiled call works on both.
   */
  @Override
  public String headerValues(String name) {
    StringBuilder joined = new StringBuilder();
    request.getHeaders().forEach((headerName, values) -> {
      if (!HeaderValues.equalsIgnoreAsciiCase(headerName, name)) return;
      for (String value : values) {
        if (joined.length() > 0) joined.append(',');
        joined.append(value);
      }
    });
    return joined.length() == 0 ? header(name) : joined.toString();
  }

  @Override
  public String remoteIp() {
    InetSocketAddress remote = request.getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    return address == null ? null : address.getHostAddress();
  }

  @Override
  public int remotePort() {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null ? 0 : remote.getPort();
  }

  @Override
  public ServerHttpRequest unwrap() {
    return request;
  }
}
