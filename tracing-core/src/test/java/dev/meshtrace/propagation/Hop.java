package dev.meshtrace.propagation;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;

/** One service hop as an HTTP adapter drives it: inbound request, server span, one outbound call under it. */
public final class Hop {
  private Hop() {}

  /** The headers of the outbound call made while handling a request with {@code inbound} headers. */
  public static HeaderFields outbound(Tracing tracing, HeaderFields inbound) {
    return outbound(tracing, inbound, new HeaderFields());
  }

  /** Like {@link #outbound(Tracing, HeaderFields)}, onto a request that already holds the application's headers. */
  public static HeaderFields outbound(Tracing tracing, HeaderFields inbound, HeaderFields outbound) {
    Tracer tracer = tracing.tracer();
    TraceContext extracted = tracing.propagation().extract(inbound, HeaderFields.GETTER);
    Span server = tracer.serverSpan(extracted, tracing.sampler()).name("inbound").start();
    try (Scope scope = tracer.withSpanInScope(server)) {
      Span client = tracer.nextSpan().kind(SpanKind.CLIENT).name("outbound").start();
      tracing.propagation().inject(client.context(), outbound, HeaderFields.SETTER);
      client.finish();
    } finally {
      server.finish();
    }
    return outbound;
  }
}
