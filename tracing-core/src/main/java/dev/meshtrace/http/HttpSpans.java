package dev.meshtrace.http;

import dev.meshtrace.Span;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The default HTTP tags and naming, shared by the server and client handlers. */
final class HttpSpans {
  private static final Logger LOG = Logger.getLogger(HttpSpans.class.getName());

  private final HttpTracing httpTracing;

  HttpSpans(HttpTracing httpTracing) {
    this.httpTracing = httpTracing;
  }

  void onRequest(HttpRequest request, Span span) {
    String method = request.method();
    String route = request.route();
    span.name(spanName(method, route));
    if (method != null) span.tag(HttpTags.METHOD, method);
    String path = request.path();
    if (path != null) {
      String query = request.query();
      span.tag(HttpTags.PATH, httpTracing.stripQuery() || query == null ? path : path + '?' + query);
    }
    if (route != null && !route.isEmpty()) span.tag(HttpTags.ROUTE, route);
    tagHeaders(httpTracing.requestHeaderTags(), HttpTags.REQUEST_HEADER_PREFIX, request::header, span);
    for (HttpSpanCustomizer customizer : httpTracing.customizers()) {
      try {
        customizer.onRequest(request, span);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "HTTP span customizer " + customizer + " failed on a request", e);
      }
    }
  }

  /** Records the outcome; {@code errorStatus} is the lowest status code counted as an error. */
  void onResponse(HttpResponse response, Span span, int errorStatus) {
    int status = response.statusCode();
    String route = response.route();
    if (route != null && !route.isEmpty()) {
      HttpRequest request = response.request();
      span.name(spanName(request == null ? null : request.method(), route));
      span.tag(HttpTags.ROUTE, route);
    }
    if (status != 0) span.tag(HttpTags.STATUS_CODE, Integer.toString(status));
    Throwable error = response.error();
    if (error != null) {
      span.error(error);
    } else if (status >= errorStatus) {
      span.tag(HttpTags.ERROR, Integer.toString(status));
    }
    tagHeaders(httpTracing.responseHeaderTags(), HttpTags.RESPONSE_HEADER_PREFIX, response::header, span);
    for (HttpSpanCustomizer customizer : httpTracing.customizers()) {
      try {
        customizer.onResponse(response, span);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "HTTP span customizer " + customizer + " failed on a response", e);
      }
    }
  }

  private static String spanName(String method, String route) {
    if (route == null || route.isEmpty()) return method == null ? "http" : method;
    return method == null ? route : method + ' ' + route;
  }

  private static void tagHeaders(List<String> names, String prefix, HeaderReader reader, Span span) {
    for (int i = 0, n = names.size(); i < n; i++) {
      String name = names.get(i);
      String value = reader.header(name);
      if (value != null) span.tag(prefix + name, value);
    }
  }

  @FunctionalInterface
  private interface HeaderReader {
    String header(String name);
  }
}
