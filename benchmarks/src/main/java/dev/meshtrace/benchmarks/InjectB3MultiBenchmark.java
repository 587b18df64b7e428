package dev.meshtrace.benchmarks;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operation 4: write a sampled 128-bit context as {@code X-B3-*} headers into an empty map (one reused map,
 * cleared first, for all three). Each library writes only B3 multi here; OpenTelemetry has no parent span ID to
 * write, so it writes three headers where the others write four.
 *
 * <p>meshtrace re-encodes only the contexts of spans it records (others are forwarded as they arrived), so its
 * context is a recorded server span that joined the caller's span, keeping the caller's IDs; made once, like the
 * peers' contexts. Brave's context and meshtrace's recorded span keep their hex IDs after first use.
 */
@State(Scope.Thread)
public class InjectB3MultiBenchmark extends PeerComparison {
  final Map<String, String> outbound = Carriers.headers();

  final Propagation meshtracePropagation =
      Propagation.newBuilder().inject(List.of(Format.B3_MULTI)).generateRequestId(false).build();
  final Tracing meshtraceTracing = Tracing.newBuilder().propagation(meshtracePropagation).joinServerSpans(true)
      .addSpanHandler(new CountingHandlers.Meshtrace()).build();
  final TraceContext meshtraceContext = meshtraceTracing.tracer().serverSpan(
      meshtracePropagation.extract(Inputs.b3Multi(true), Carriers.MESHTRACE_GETTER), Sampler.ALWAYS).context();

  final brave.propagation.TraceContext.Injector<Map<String, String>> braveInjector =
      Libraries.bravePropagation().injector(Carriers.BRAVE_SETTER);
  final brave.propagation.TraceContext braveContext = brave.propagation.TraceContext.newBuilder()
      .traceIdHigh(Inputs.high(Inputs.TRACE_ID)).traceId(Inputs.low(Inputs.TRACE_ID))
      .spanId(Inputs.id(Inputs.SPAN_ID)).parentId(Inputs.id(Inputs.PARENT_ID)).sampled(true).build();

  final TextMapPropagator otelPropagator = B3Propagator.injectingMultiHeaders();
  final Context otelContext = Context.root().with(Span.wrap(
      SpanContext.create(Inputs.TRACE_ID, Inputs.SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));

  @Setup
  public void checkEveryLibraryWritesTheContext() {
    Inputs.check(meshtrace().equals(Inputs.b3Multi(true)), "meshtrace inject " + outbound);
    Inputs.check(brave().equals(Inputs.b3Multi(true)), "Brave inject " + outbound);
    Map<String, String> written = otel();
    Inputs.check(written.size() == 3 && Inputs.TRACE_ID.equals(written.get("X-B3-TraceId")),
        "OpenTelemetry inject " + written);
  }

  @Benchmark
  public Map<String, String> meshtrace() {
    outbound.clear();
    meshtracePropagation.inject(meshtraceContext, outbound, Carriers.MESHTRACE_SETTER);
    return outbound;
  }

  @Benchmark
  public Map<String, String> brave() {
    outbound.clear();
    braveInjector.inject(braveContext, outbound);
    return outbound;
  }

  /**
   * The floor under every injector: the same four writes of constant names and values into the same carrier, with
   * no context read and no encoding.
   */
  @Benchmark
  public Map<String, String> carrierWritesAlone() {
    outbound.clear();
    outbound.put("x-b3-traceid", Inputs.TRACE_ID);
    outbound.put("x-b3-spanid", Inputs.SPAN_ID);
    outbound.put("x-b3-parentspanid", Inputs.PARENT_ID);
    outbound.put("x-b3-sampled", "1");
    return outbound;
  }

  @Benchmark
  public Map<String, String> otel() {
    outbound.clear();
    otelPropagator.inject(otelContext, outbound, Carriers.OTEL_SETTER);
    return outbound;
  }
}
