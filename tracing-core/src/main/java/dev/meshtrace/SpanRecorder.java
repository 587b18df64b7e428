package dev.meshtrace;

import java.util.logging.Level;
import java.util.logging.Logger;

/** What every recorded span shares: the local endpoint, the tag limits and the handlers that receive it. */
final class SpanRecorder {
  private static final Logger LOG = Logger.getLogger(SpanRecorder.class.getName());

  final String serviceName;
  final String localIp;
  final int maxTags;
  final int maxTagValueLength;
  private final SpanHandler[] handlers;

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
    for (SpanHandler handler : handlers) {
      try {
        if (!handler.end(context, span)) return;
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
        LOG.log(Level.WARNING, "Span handler " + handler + " failed; the span goes on to the next handler", e);
      }
    }
  }
}
