package dev.meshtrace.http;

import dev.meshtrace.Span;
import dev.meshtrace.internal.CustomizerFailures;
import dev.meshtrace.internal.InternalFactory;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default HTTP naming and tags, then the customizers, shared by the server and client handlers. A failure in
 * either (an adapter's or a customizer's) is logged and never reaches the request.
 */
final class HttpSpans {
  /** Releases the span its handler confined ({@link InternalFactory#confine}) once tagged, before the customizers. */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private static final Logger LOG = Logger.getLogger(HttpSpans.class.getName());

  private final HttpTracing httpTracing;
  private final HttpSpanCustomizer[] customizers;
  private final CustomizerFailures failures;

  HttpSpans(HttpTracing httpTracing) {
    this.httpTracing = httpTracing;
    this.customizers = httpTracing.customizers().toArray(new HttpSpanCustomizer[0]);
    this.failures = new CustomizerFailures(LOG, "HTTP", httpTracing.customizers());
  }

  /** Names and tags {@code span} from {@code request}, then runs the customizers. */
  void onRequest(HttpRequest request, Span span) {
    try {
      tagRequest(request, span);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the HTTP request for its span; the span goes on untagged", e);
    } finally {
      INTERNAL.release(span);
    }
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onRequest(request, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  /** Tags the outcome, then runs the customizers; {@code errorStatus} is the lowest status counted as an error. */
  void onResponse(HttpResponse response, Span span, int errorStatus) {
    try {
      tagResponse(response, span, errorStatus);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the HTTP response for its span; the span goes on untagged", e);
    }
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onResponse(response, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  private void tagRequest(HttpRequest request, Span span) {
    String method = request.method();
    String route = request.route();
    boolean hasRoute = route != null && !route.isEmpty();
    span.name(method == null ? "http" : hasRoute ? method + ' ' + route : method);
    if (method != null) span.tag(HttpTags.METHOD, method);
    String path = request.path();
    if (path != null) {
      String query = request.query();
      span.tag(HttpTags.PATH, httpTracing.stripQuery() || query == null ? path : path + '?' + query);
    }
    if (hasRoute) span.tag(HttpTags.ROUTE, route);
    request.tagTarget(span, httpTracing.stripQuery());
    tagHeaders(httpTracing.requestHeaderTags(), HttpTags.REQUEST_HEADER_PREFIX, request::header, span);
  }

  private void tagResponse(HttpResponse response, Span span, int errorStatus) {
    String route = response.route();
    if (route != null && !route.isEmpty()) {
      span.tag(HttpTags.ROUTE, route);
      HttpRequest request = response.request();
      String method = request == null ? null : request.method();
      if (method != null) span.name(method + ' ' + route);
    }
    int status = response.statusCode();
    if (status != 0) span.tag(HttpTags.STATUS_CODE, Integer.toString(status));
    Throwable error = response.error();
    if (error != null) {
      span.error(error);
    } else if (status >= errorStatus) {
      span.tag(HttpTags.ERROR, Integer.toString(status));
    }
    tagHeaders(httpTracing.responseHeaderTags(), HttpTags.RESPONSE_HEADER_PREFIX, response::header, span);
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
