package dev.meshtrace;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every recorded span shares: the local endpoint, the tag limits and the handlers that receive it. Once closed,
 * it hands no more spans to the handlers: each finished span is counted as dropped instead.
 */
final class SpanRecorder {
  private static final Logger LOG = Logger.getLogger(SpanRecorder.class.getName());

  final String serviceName;
  final String localIp;
  final int maxTags;
  final int maxTagValueLength;
  private final SpanHandler[] handlers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong droppedAfterClose = new AtomicLong();

  SpanRecorder(String serviceName, String localIp, int maxTags, int maxTagValueLength, SpanHandler[] handlers) {
    this.serviceName = serviceName;
    this.localIp = localIp;
    this.maxTags = maxTags;
    this.maxTagValueLength = maxTagValueLength;
    this.handlers = handlers;
  }

  MutableSpan newSpanData() {
    return new MutableSpan().localServiceName(serviceName).localIp(localIp);
  }

  /** Hands a finished span to each handler in turn; a handler's failure is logged and never rethrown. */
  void report(TraceContext context, MutableSpan span) {
    if (closed.get()) {
      if (droppedAfterClose.getAndIncrement() == 0) {
        LOG.warning("A span of " + serviceName + " finished after tracing was closed: dropped (and any later ones)");
      }
      return;
    }
    for (SpanHandler handler : handlers) {
      try {
        if (!handler.end(context, span)) return;
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
        LOG.log(Level.WARNING, "Span handler " + handler + " failed; the span goes on to the next handler", e);
      }
    }
  }

  /**
   * Stops handing spans to the handlers, then closes each handler that is {@link AutoCloseable}, in the order they
   * were added; a handler's failure to close is logged and the others are still closed. Only the first call acts.
   */
  void close() {
    if (!closed.compareAndSet(false, true)) return;
    for (SpanHandler handler : handlers) {
      if (!(handler instanceof AutoCloseable closeable)) continue;
      try {
        closeable.close();
      } catch (Exception | Error e) {
        if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
        LOG.log(Level.WARNING, "Closing span handler " + handler + " failed", e);
      }
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  long droppedAfterClose() {
    return droppedAfterClose.get();
  }
}
