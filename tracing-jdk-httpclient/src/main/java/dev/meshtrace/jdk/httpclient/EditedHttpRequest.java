package dev.meshtrace.jdk.httpclient;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A request as the application made it, with the headers tracing wrote. The JDK copies any request it is given (its
 * client accepts requests of any {@link HttpRequest} subclass and checks their headers itself), so this view can be
 * what reaches it: tracing copies the headers once, where rebuilding the request with {@link HttpRequest#newBuilder(
 * HttpRequest, java.util.function.BiPredicate)} copies them twice. It stands in for a request only on a JDK whose
 * {@code HttpRequest} declares no method beyond those it delegates ({@link #CAN_STAND_IN}): a later JDK's additions
 * (request options, say) would otherwise be lost, and there the request is rebuilt instead.
 */
final class EditedHttpRequest extends HttpRequest {
  private static final Set<String> DELEGATED = Set.of("bodyPublisher", "method", "timeout", "expectContinue", "uri",
      "version", "headers", "equals", "hashCode");
  /** Whether this JDK's requests can be stood in for by a view. */
  static final boolean CAN_STAND_IN = delegatesAll(HttpRequest.class);

  private final HttpRequest request;
  private final HttpHeaders headers;

  /** True when every instance method {@code requestType} declares is one a view delegates. */
  static boolean delegatesAll(Class<? extends HttpRequest> requestType) {
    for (Method method : requestType.getDeclaredMethods()) {
      boolean instanceApi = Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers());
      if (instanceApi && !DELEGATED.contains(method.getName())) return false;
    }
    return true;
  }

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
