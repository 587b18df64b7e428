package dev.meshtrace.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * A server span of meshtrace and of a peer (Brave or OpenTelemetry), each started from the same inbound request and
 * current on this thread until closed: the parent of the client calls a request handler makes.
 */
final class ServerSpans implements AutoCloseable {
  private final dev.meshtrace.Scope meshtraceScope;
  private final Runnable closePeer;

  ServerSpans(dev.meshtrace.Tracing meshtrace, brave.Tracing braveTracing) {
    this(meshtrace, braveScope(braveTracing));
  }

  ServerSpans(dev.meshtrace.Tracing meshtrace, OpenTelemetry otel) {
    this(meshtrace, otelScope(otel));
  }

  private ServerSpans(dev.meshtrace.Tracing meshtrace, Runnable closePeer) {
    dev.meshtrace.Tracer tracer = meshtrace.tracer();
    dev.meshtrace.TraceContext extracted =
        meshtrace.propagation().extract(Inputs.meshRequest(), Carriers.MESHTRACE_GETTER);
    this.meshtraceScope = tracer.withSpanInScope(tracer.serverSpan(extracted, meshtrace.sampler()).start());
    this.closePeer = closePeer;
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
    meshtraceScope.close();
    closePeer.run();
  }
}
