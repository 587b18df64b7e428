package dev.meshtrace.http;

import dev.meshtrace.Span;

/**
 * Code-level customisation of HTTP spans, for what configuration cannot express: runs after the default tags on
 * each sampled span. Must not throw; a failure is logged and ignored.
 */
public interface HttpSpanCustomizer {
  /** Called when the request is received (server) or sent (client). */
  default void onRequest(HttpRequest request, Span span) {}

  /** Called when the exchange ends, before the span finishes. */
  default void onResponse(HttpResponse response, Span span) {}
}
