package dev.meshtrace.servlet;

import dev.meshtrace.http.HttpServerRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/** An {@link HttpServletRequest} as the server handler reads it. */
final class ServletServerRequest extends HttpServerRequest {
  /** The attribute in which Spring MVC stores the pattern of the handler it chose. */
  static final String SPRING_ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final HttpServletRequest delegate;

  ServletServerRequest(HttpServletRequest delegate) {
    this.delegate = delegate;
  }

  /**
   * The route template a framework left on {@code request}: {@link TracingFilter#ROUTE_ATTRIBUTE} first, then Spring
   * MVC's best matching pattern; null when neither is set.
   */
  static String route(HttpServletRequest request) {
    Object route = request.getAttribute(TracingFilter.ROUTE_ATTRIBUTE);
    if (route == null) route = request.getAttribute(SPRING_ROUTE_ATTRIBUTE);
    return route == null ? null : route.toString();
  }

  @Override
  public String method() {
    return delegate.getMethod();
  }

  /** The request URI as the client sent it: context path included, query excluded, not decoded. */
  @Override
  public String path() {
    return delegate.getRequestURI();
  }

  @Override
  public String query() {
    return delegate.getQueryString();
  }

  @Override
  public String scheme() {
    return delegate.getScheme();
  }

  @Override
  public String route() {
    return route(delegate);
  }

  @Override
  public String header(String name) {
    return delegate.getHeader(name);
  }

  @Override
  public String headerValues(String name) {
    Enumeration<String> values = delegate.getHeaders(name);
    if (values == null || !values.hasMoreElements()) return null;
    String first = values.nextElement();
    if (!values.hasMoreElements()) return first;
    StringBuilder joined = new StringBuilder(first);
    while (values.hasMoreElements()) joined.append(',').append(values.nextElement());
    return joined.toString();
  }

  @Override
  public String remoteIp() {
    return delegate.getRemoteAddr();
  }

  @Override
  public int remotePort() {
    return delegate.getRemotePort();
  }

  @Override
  public HttpServletRequest unwrap() {
    return delegate;
  }
}
