package dev.meshtrace.http;

import dev.meshtrace.Span;

/**
 * Code-level customisation of HTTP spans, for what configuration cannot express: runs on each sampled span after
 * the defaults (name, tags, request ID, remote address), so it may rename the span or replace any tag. Add it with
 * {@link HttpTracing.Builder#addCustomizer}; customizers run in the order added. Use {@code request.unwrap()} for
 * the framework's own type. A customizer that throws is logged and skipped: it never breaks the request.
 */
public interface HttpSpanCustomizer {
  /** Called when the request is received (server) or sent (client). */
  default void onRequest(HttpRequest request, Span span) {}

  /** Called when the exchange ends, before the span finishes. */
  default void onResponse(HttpResponse response, Span span) {}
}
