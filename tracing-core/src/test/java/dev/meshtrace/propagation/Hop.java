package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One service hop as an HTTP adapter drives it: inbound request, server span, one outbound call under it; and what
 * forward mode may do to the headers on the way.
 */
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

  /**
   * In forward mode nothing received is altered. Added are only an absent request ID and the configured formats
   * that did not arrive (or arrived malformed, and so were dropped), carrying the IDs and decision of the context.
   */
  public static void checkForwardedAsIs(HeaderFields inbound, HeaderFields outbound, Supplier<String> where) {
    TraceContext context = Propagation.defaults().extract(inbound, HeaderFields.GETTER);
    for (Map.Entry<String, String> field : outbound.toMap().entrySet()) {
      String name = field.getKey();
      String received = "baggage".equals(name) || "tracestate".equals(name)
          ? HeaderFields.GETTER.getAll(inbound, name) : HeaderFields.GETTER.get(inbound, name);
      // With the defaults grpc-trace-bin is not read as a format: it is a mesh header, forwarded as it came.
      Format named = Format.ofHeader(name);
      Format format = named != null && Propagation.defaults().extractFormats().contains(named) ? named : null;
      if (name.equals("x-request-id") && !field.getValue().equals(received)) {
        assertThat(received == null || !dev.meshtrace.internal.HeaderValues.isForwardable(received))
            .as(() -> "only an absent or unusable request ID is replaced: " + where.get()).isTrue();
      } else if (format != null && (context.meshHeaders().formatsReceived() & format.bit()) == 0) {
        TraceContext added = Propagation.newBuilder().extract(List.of(format)).build()
            .extract(outbound, HeaderFields.GETTER);
        assertThat(List.of(added.traceIdHigh(), added.traceId(), added.spanId(), String.valueOf(added.sampled())))
            .as(() -> "an added " + format + " carries the context: " + where.get())
            .isEqualTo(List.of(context.traceIdHigh(), context.traceId(), context.spanId(),
                String.valueOf(context.sampled())));
      } else if (received == null && format == Format.B3_MULTI) {
        assertThat(name).as(where).isIn("x-b3-sampled", "x-b3-flags");
        assertThat(field.getValue()).as(() -> "the context's decision, added to a group without one: " + where.get())
            .isEqualTo(name.equals("x-b3-flags") || context.isSampled() ? "1" : "0");
      } else if (received == null) {
        assertThat(name).as(where).isEqualTo("x-request-id");
      } else if ("tracestate".equals(name)) {
        assertThat(received).as(where).startsWith(field.getValue());
      } else {
        assertThat(field.getValue()).as(where).isEqualTo(received);
      }
    }
  }
}
