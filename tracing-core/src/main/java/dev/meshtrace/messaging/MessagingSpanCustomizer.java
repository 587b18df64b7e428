package dev.meshtrace.messaging;

import dev.meshtrace.Span;

/**
 * Code-level customisation of messaging spans: runs on each sampled span after the defaults (name, kind,
 * {@code messaging.*} tags), so it may rename the span or replace any tag; this is also where an operator who wants
 * payload details opts in, through {@code request.unwrap()}. Add it with {@link MessagingTracing.Builder#addCustomizer};
 * customizers run in the order added. A customizer that throws is logged and skipped: it never breaks the send or
 * the processing.
 */
public interface MessagingSpanCustomizer {
  /** Called when a message is sent, received or about to be processed. */
  default void onRequest(MessagingRequest request, Span span) {}

  /** Called when the broker acknowledged or refused a send, before the span finishes. */
  default void onResponse(MessagingProducerResponse response, Span span) {}
}
