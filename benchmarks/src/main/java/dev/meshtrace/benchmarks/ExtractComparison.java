package dev.meshtrace.benchmarks;

import dev.meshtrace.TraceContext;
import dev.meshtrace.propagation.Propagation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading one context from inbound headers, for each library that has the format: subclasses choose the headers.
 * meshtrace is measured three ways: with its defaults, which also read the mesh headers it forwards, walking the
 * carrier's entries once; the same looking up each name, as the peers do; and looking up the trace headers only,
 * the same work as the peers.
 */
@State(Scope.Benchmark)
public abstract class ExtractComparison extends PeerComparison {
  final Map<String, String> inbound;
  final Propagation meshtracePropagation = Propagation.defaults();
  final Propagation meshtraceTraceHeadersOnly = Libraries.meshtraceTraceHeadersOnly();
  final TextMapPropagator otelPropagator = Libraries.otelPropagator();

  ExtractComparison(Map<String, String> inbound) {
    this.inbound = inbound;
  }

  @Setup
  public void checkEveryLibraryReadsTheContext() {
    TraceContext ours = meshtrace();
    Inputs.check(Inputs.TRACE_ID.equals(ours.traceIdString()) && Inputs.SPAN_ID.equals(ours.spanIdString())
        && ours.isSampled(), "meshtrace extract " + ours);
    Inputs.check(meshtraceLookingUpNames().equals(ours), "meshtrace extract by name");
    Inputs.check(meshtraceTraceHeadersOnly().equals(ours), "meshtrace without forward list extract");
    SpanContext theirs = Span.fromContext(otel()).getSpanContext();
    Inputs.check(Inputs.TRACE_ID.equals(theirs.getTraceId()) && Inputs.SPAN_ID.equals(theirs.getSpanId())
        && theirs.isSampled(), "OpenTelemetry extract " + theirs);
  }

  @Benchmark
  public TraceContext meshtrace() {
    return meshtracePropagation.extract(inbound, Carriers.MESHTRACE_GETTER);
  }

  /** meshtrace's defaults with a carrier that cannot list its entries: each of the 17 names is looked up. */
  @Benchmark
  public TraceContext meshtraceLookingUpNames() {
    return meshtracePropagation.extract(inbound, Carriers.MESHTRACE_NAME_GETTER);
  }

  /** meshtrace without its forward list, looking up the trace headers by name: what the peers do. */
  @Benchmark
  public TraceContext meshtraceTraceHeadersOnly() {
    return meshtraceTraceHeadersOnly.extract(inbound, Carriers.MESHTRACE_NAME_GETTER);
  }

  @Benchmark
  public Context otel() {
    return otelPropagator.extract(Context.root(), inbound, Carriers.OTEL_GETTER);
  }
}
