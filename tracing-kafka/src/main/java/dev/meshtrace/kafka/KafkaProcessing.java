package dev.meshtrace.kafka;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.messaging.MessagingConsumerHandler;

/**
 * The processing of one record, from {@link KafkaTracing#startProcessing}: its span is current on the thread that
 * started it until {@link #close}. Close it once, on that thread; later calls do nothing.
 */
public final class KafkaProcessing implements AutoCloseable {
  private final MessagingConsumerHandler handler;
  private final Span span;
  private final Scope scope;
  private Throwable error;
  private boolean closed;

  KafkaProcessing(MessagingConsumerHandler handler, Span span, Scope scope) {
    this.handler = handler;
    this.span = span;
    this.scope = scope;
  }

  /** The processing span (a no-op span when unsampled or in forward mode). */
  public Span span() {
    return span;
  }

  /** The context current while processing: the span's, with the record's mesh headers. */
  public TraceContext context() {
    return span.context();
  }

  /** Marks the processing failed with {@code error}; the span ends with it on {@link #close}. */
  public void error(Throwable error) {
    this.error = error;
  }

  /** Restores the context current before, then finishes the span (with the error, if one was reported). */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      scope.close();
    } finally {
      handler.handleProcessed(span, error);
    }
  }
}
