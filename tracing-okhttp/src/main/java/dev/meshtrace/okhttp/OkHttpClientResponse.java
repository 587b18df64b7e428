package dev.meshtrace.okhttp;

import dev.meshtrace.http.HttpClientResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import okhttp3.Connection;
import okhttp3.Response;

/** The outcome of one OkHttp exchange: a response, an error, or neither (a call that ended before the wire). */
final class OkHttpClientResponse extends HttpClientResponse {
  private final OkHttpClientRequest request;
  private final Response response;
  private final Throwable error;
  private final InetSocketAddress remote;

  OkHttpClientResponse(OkHttpClientRequest request, Response response, Throwable error, Connection connection) {
    this.request = request;
    this.response = response;
    this.error = error;
    this.remote = connection == null ? null : connection.route().socketAddress();
  }

  @Override
  public OkHttpClientRequest request() {
    return request;
  }

  @Override
  public int statusCode() {
    return response == null ? 0 : response.code();
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String header(String name) {
    return response == null ? null : response.header(name);
  }

  @Override
  public String remoteIp() {
    InetAddress address = remote == null ? null : remote.getAddress();
    return address == null ? null : address.getHostAddress();
  }

  @Override
  public int remotePort() {
    return remote == null ? 0 : remote.getPort();
  }

  @Override
  public Response unwrap() {
    return response;
  }
}
