package dev.meshtrace.jdk.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * A request as the application made it, with the headers tracing wrote. The JDK copies any request it is given (its
 * client accepts requests of any {@link HttpRequest} subclass and checks their headers itself), so this view is
 * what reaches it: one copy of the headers, where rebuilding the request with {@link HttpRequest#newBuilder(
 * HttpRequest, java.util.function.BiPredicate)} would copy them twice.
 */
final class EditedHttpRequest extends HttpRequest {
  private final HttpRequest request;
  private final HttpHeaders headers;

  EditedHttpRequest(HttpRequest request, HeaderEdits edits) {
    this.request = request;
    this.headers = HttpHeaders.of(edits, (name, value) -> true);
  }

  @Override
  public Optional<BodyPublisher> bodyPublisher() {
    return request.bodyPublisher();
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public Optional<Duration> timeout() {
    return request.timeout();
  }

  @Override
  public boolean expectContinue() {
    return request.expectContinue();
  }

  @Override
  public URI uri() {
    return request.uri();
  }

  @Override
  public Optional<HttpClient.Version> version() {
    return request.version();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public String toString() {
    return request.toString();
  }
}
