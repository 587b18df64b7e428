package dev.meshtrace.benchmarks;

import brave.propagation.TraceContextOrSamplingFlags;
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

/** Operation 2: read the same context from the single {@code b3} header. */
@State(Scope.Benchmark)
public class ExtractB3SingleBenchmark extends PeerComparison {
  final Map<String, String> inbound = Inputs.b3Single();
  final Propagation meshtracePropagation = Propagation.defaults();
  final Propagation meshtraceTraceHeadersOnly = Libraries.meshtraceTraceHeadersOnly();
  final brave.propagation.TraceContext.Extractor<Map<String, String>> braveExtractor =
      Libraries.bravePropagation().extractor(Carriers.BRAVE_GETTER);
  final TextMapPropagator otelPropagator = Libraries.otelPropagator();

  @Setup
  public void checkEveryLibraryReadsTheContext() {
    TraceContext ours = meshtrace();
    Inputs.check(Inputs.TRACE_ID.equals(ours.traceIdString()) && Inputs.PARENT_ID.equals(ours.parentIdString())
        && ours.isSampled(), "meshtrace extract " + ours);
    Inputs.check(meshtraceTraceHeadersOnly().equals(ours), "meshtrace without forward list extract");
    brave.propagation.TraceContext theirs = brave().context();
    Inputs.check(Inputs.TRACE_ID.equals(theirs.traceIdString()) && Inputs.PARENT_ID.equals(theirs.parentIdString())
        && theirs.sampled(), "Brave extract " + theirs);
    SpanContext otelContext = Span.fromContext(otel()).getSpanContext();
    Inputs.check(Inputs.TRACE_ID.equals(otelContext.getTraceId()) && otelContext.isSampled(),
        "OpenTelemetry extract " + otelContext);
  }

  @Benchmark
  public TraceContext meshtrace() {
    return meshtracePropagation.extract(inbound, Carriers.MESHTRACE_GETTER);
  }

  @Benchmark
  public TraceContextOrSamplingFlags brave() {
    return braveExtractor.extract(inbound);
  }

  /** meshtrace without its forward list: the trace headers only, like the peers. */
  @Benchmark
  public TraceContext meshtraceTraceHeadersOnly() {
    return meshtraceTraceHeadersOnly.extract(inbound, Carriers.MESHTRACE_GETTER);
  }

  @Benchmark
  public Context otel() {
    return otelPropagator.extract(Context.root(), inbound, Carriers.OTEL_GETTER);
  }
}
