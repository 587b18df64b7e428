package dev.meshtrace.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A server span of each meshtrace configuration and of each peer (Brave, OpenTelemetry or both), each started from
 * the same inbound request and current on this thread until closed: the parent of the client calls a request handler
 * makes.
 */
final class ServerSpans implements AutoCloseable {
  private final List<dev.meshtrace.Scope> meshtraceScopes = new ArrayList<>();
  private final List<Runnable> closePeers;

  ServerSpans(dev.meshtrace.Tracing meshtrace, brave.Tracing braveTracing) {
    this(List.of(braveScope(braveTracing)), meshtrace);
  }

  ServerSpans(OpenTelemetry otel, dev.meshtrace.Tracing... meshtraces) {
    this(List.of(otelScope(otel)), meshtraces);
  }

  ServerSpans(brave.Tracing braveTracing, OpenTelemetry otel, dev.meshtrace.Tracing... meshtraces) {
    this(List.of(braveScope(braveTracing), otelScope(otel)), meshtraces);
  }

  private ServerSpans(List<Runnable> closePeers, dev.meshtrace.Tracing... meshtraces) {
    for (dev.meshtrace.Tracing meshtrace : meshtraces) {
      dev.meshtrace.Tracer tracer = meshtrace.tracer();
      dev.meshtrace.TraceContext extracted =
          meshtrace.propagation().extract(Inputs.meshRequest(), Carriers.MESHTRACE_GETTER);
      meshtraceScopes.add(tracer.withSpanInScope(tracer.serverSpan(extracted, meshtrace.sampler()).start()));
    }
    this.closePeers = closePeers;
  }

  private static Runnable braveScope(brave.Tracing braveTracing) {
    brave.propagation.TraceContextOrSamplingFlags extracted =
        braveTracing.propagation().extractor(Carriers.BRAVE_GETTER).extract(Inputs.meshRequest());
    return braveTracing.currentTraceContext()
        .newScope(braveTracing.tracer().nextSpan(extracted).kind(brave.Span.Kind.SERVER).start().context())::close;
  }

  /** The extracted context (baggage included) with a started server span, current. */
  private static Runnable otelScope(OpenTelemetry otel) {
    Context extracted = otel.getPropagators().getTextMapPropagator()
        .extract(Context.root(), Inputs.meshRequest(), Carriers.OTEL_GETTER);
    io.opentelemetry.api.trace.Span span = otel.getTracer(Libraries.SERVICE).spanBuilder("GET")
        .setSpanKind(SpanKind.SERVER).setParent(extracted).startSpan();
    return extracted.with(span).makeCurrent()::close;
  }

  @Override
  public void close() {
    for (int i = meshtraceScopes.size() - 1; i >= 0; i--) meshtraceScopes.get(i).close();
    closePeers.forEach(Runnable::run);
  }
}
