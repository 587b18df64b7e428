package dev.meshtrace.messaging;

import dev.meshtrace.Mode;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.internal.StaleTraceHeaders;
import dev.meshtrace.propagation.Propagation;

/**
 * Turns received messages into CONSUMER spans, for every messaging adapter. Thread-safe. Two steps, either or
 * both:
 *
 * <ul>
 *   <li>{@link #handleReceive}: when a traced consumer polls, a {@code receive <destination>} span per message,
 *       started and finished at once, a child of the sender's span; its context replaces the message's trace
 *       headers, so the processing continues from it.
 *   <li>{@link #handleProcess}: while the application processes the message, a {@code process <destination>} span,
 *       a child of the context in the message's headers or, with {@link ConsumerParent#NEW_TRACE}, a new trace
 *       linked to it. The adapter makes it current for the processing, so the outbound calls made meanwhile carry
 *       the trace and the mesh headers, then ends it with {@link #handleProcessed}.
 * </ul>
 *
 * <p>A message is an inbound request: when it carries no {@code x-request-id} and request ID generation is on, the
 * first span made for it gets a new one (as a server span would), tagged {@code guid:x-request-id} like the one
 * that arrived. A processed message counts as an inbound request for the orphan-call diagnostics
 * ({@link dev.meshtrace.diagnostics.Diagnostics}): a call made with no context while this process handles messages is
 * reported as one made while it serves requests would be. Error rule: a processing span is an error when processing
 * threw.
 */
public final class MessagingConsumerHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private final Tracing tracing;
  private final Tracer tracer;
  private final Propagation propagation;
  private final StaleTraceHeaders staleTraceHeaders;
  private final boolean newTrace;
  private final MessagingSpans spans;
  /** Null when orphan-call detection is off. */
  private final OrphanCallDetector orphanCalls;

  private MessagingConsumerHandler(MessagingTracing messagingTracing) {
    this.tracing = messagingTracing.tracing();
    this.tracer = tracing.tracer();
    this.propagation = tracing.propagation();
    this.staleTraceHeaders = new StaleTraceHeaders(tracing);
    this.newTrace = messagingTracing.consumerParent() == ConsumerParent.NEW_TRACE && tracing.mode() != Mode.FORWARD;
    this.spans = new MessagingSpans(messagingTracing);
    this.orphanCalls = InternalFactory.get().orphanCallDetector(tracing);
  }

  /** A handler applying {@code messagingTracing}'s settings; build it once and share it. */
  public static MessagingConsumerHandler create(MessagingTracing messagingTracing) {
    return new MessagingConsumerHandler(messagingTracing);
  }

  /**
   * Records a {@code receive <destination>} span for a message a consumer just polled (a child of the sender's
   * span, finished at once) and writes its context into the message's headers in place of the trace headers that
   * came; returns that context. Never throws for any header content.
   */
  public TraceContext handleReceive(MessagingConsumerRequest request) {
    TraceContext extracted = propagation.extract(request, MessageHeaders.GETTER);
    Span span = entrySpan(extracted);
    if (!span.isNoop()) {
      tag(request, MessagingSpans.RECEIVE, span);
      span.start().finish();
    }
    staleTraceHeaders.removeFrom(request, MessagingRequest::removeHeader);
    propagation.inject(span.context(), request, MessageHeaders.SETTER);
    return span.context();
  }

  /**
   * The span of the processing of {@code request}, started: a child of the context in its headers or a new linked
   * trace ({@link MessagingTracing#consumerParent()}); a no-op span, still carrying the headers to forward, when
   * unsampled or in forward mode. The caller makes it current while processing and ends it with
   * {@link #handleProcessed}. Never throws for any header content.
   */
  public Span handleProcess(MessagingConsumerRequest request) {
    if (orphanCalls != null) orphanCalls.inbound();
    TraceContext extracted = propagation.extract(request, MessageHeaders.GETTER);
    TraceContext parent = extracted;
    if (newTrace) {
      parent = TraceContext.builder().meshHeaders(extracted.meshHeaders().withoutTraceHeaders()).build();
    }
    Span span = entrySpan(parent);
    if (span.isNoop()) return span;
    if (newTrace && extracted.hasIds()) {
      span.tag(MessagingTags.LINK_TRACE_ID, extracted.traceIdString());
      span.tag(MessagingTags.LINK_SPAN_ID, extracted.spanIdString());
    }
    tag(request, MessagingSpans.PROCESS, span);
    return span.start();
  }

  /** Records {@code error} (null when processing succeeded) and finishes {@code span}. Nothing for a no-op span. */
  public void handleProcessed(Span span, Throwable error) {
    if (span.isNoop()) return;
    try {
      if (error != null) span.error(error);
    } finally {
      span.finish();
    }
  }

  /**
   * A CONSUMER span under {@code parent}, sampled like an inbound request and given a request ID when none came.
   * The parent is marked local first, so that a tracer joining server spans never reuses the sender's span ID.
   */
  private Span entrySpan(TraceContext parent) {
    TraceContext local = parent.isRemote() ? parent.toBuilder().remote(false).build() : parent;
    return INTERNAL.confine(tracer.serverSpan(local, tracing.sampler())).kind(SpanKind.CONSUMER);
  }

  private void tag(MessagingConsumerRequest request, String operation, Span span) {
    String requestId = span.context().requestId();
    if (requestId != null) span.tag(MessagingTags.REQUEST_ID, requestId);
    spans.onRequest(request, operation, span);
  }
}
