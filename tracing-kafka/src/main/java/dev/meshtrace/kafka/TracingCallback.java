package dev.meshtrace.kafka;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.messaging.MessagingProducerHandler;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Finishes a PRODUCER span when the broker acknowledges or refuses the record, then calls the application's
 * callback (if any) under the context that was current when it sent.
 */
final class TracingCallback implements Callback {
  private final MessagingProducerHandler handler;
  private final KafkaProducerRequest request;
  private final Span span;
  private final Callback delegate;
  private final TraceContext parent;
  private final CurrentTraceContext currentTraceContext;

  TracingCallback(MessagingProducerHandler handler, KafkaProducerRequest request, Span span, Callback delegate,
      TraceContext parent, CurrentTraceContext currentTraceContext) {
    this.handler = handler;
    this.request = request;
    this.span = span;
    this.delegate = delegate;
    this.parent = parent;
    this.currentTraceContext = currentTraceContext;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    handler.handleResult(new KafkaProducerResponse(request, metadata, exception), span);
    if (delegate == null) return;
    try (Scope scope = currentTraceContext.maybeScope(parent)) {
      delegate.onCompletion(metadata, exception);
    }
  }
}
