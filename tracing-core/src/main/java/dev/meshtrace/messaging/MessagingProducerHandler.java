package dev.meshtrace.messaging;

import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.StaleTraceHeaders;
import dev.meshtrace.propagation.Propagation;

/**
 * Turns sends into PRODUCER spans and writes the trace context and the mesh headers ({@code x-request-id},
 * baggage, the forwarded list) into the message's headers, for every messaging adapter. Thread-safe.
 *
 * <p>Headers the application set: every trace header meshtrace owns is removed first, and each header written
 * replaces those of the same name in any case, so none travels twice. Others the application set are kept.
 *
 * <p>A send with no current context is still traced, as Brave does: it continues a context the application wrote
 * into the message's headers if there is one, else it starts a new trace that the sampler decides. A scheduled job
 * publishing events thus gets traces of its own, and the consumer's spans join them.
 *
 * <p>Error rule: the span is an error when the send failed (the broker refused the message or it never got
 * there).
 */
public final class MessagingProducerHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private final Tracer tracer;
  private final Propagation propagation;
  private final StaleTraceHeaders staleTraceHeaders;
  private final MessagingSpans spans;

  private MessagingProducerHandler(MessagingTracing messagingTracing) {
    this.tracer = messagingTracing.tracing().tracer();
    this.propagation = messagingTracing.tracing().propagation();
    this.staleTraceHeaders = new StaleTraceHeaders(messagingTracing.tracing());
    this.spans = new MessagingSpans(messagingTracing);
  }

  /** A handler applying {@code messagingTracing}'s settings; build it once and share it. */
  public static MessagingProducerHandler create(MessagingTracing messagingTracing) {
    return new MessagingProducerHandler(messagingTracing);
  }

  /**
   * Starts a PRODUCER span named {@code send <destination>} under {@code parent} (the context current when the
   * application sent; null: see the class comment) and writes its headers into {@code request}. Unsampled and
   * forward-mode sends get the headers and record nothing. Never throws for any header content.
   */
  public Span handleSend(MessagingProducerRequest request, TraceContext parent) {
    if (parent == null) parent = propagation.extract(request, MessageHeaders.GETTER);
    Span span = INTERNAL.confine(tracer.nextSpan(parent)).kind(SpanKind.PRODUCER);
    staleTraceHeaders.removeFrom(request, MessagingRequest::removeHeader);
    propagation.inject(span.context(), request, MessageHeaders.SETTER);
    if (span.isNoop()) return span;
    spans.onRequest(request, MessagingSpans.SEND, span);
    return span.start();
  }

  /**
   * Records the outcome (partition and offset, or the error) and finishes {@code span}: call it when the broker
   * acknowledged or refused the message. Does nothing for a no-op span.
   */
  public void handleResult(MessagingProducerResponse response, Span span) {
    if (span.isNoop()) return;
    try {
      if (response != null) spans.onResponse(response, span);
    } finally {
      span.finish();
    }
  }
}
