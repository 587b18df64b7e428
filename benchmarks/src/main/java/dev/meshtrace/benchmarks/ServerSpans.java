package dev.meshtrace.benchmarks;

/**
 * A server span of each library, started from the same inbound request and current on this thread until closed:
 * the parent of the client calls a request handler makes.
 */
final class ServerSpans implements AutoCloseable {
  private final dev.meshtrace.Scope meshtraceScope;
  private final brave.propagation.CurrentTraceContext.Scope braveScope;

  ServerSpans(dev.meshtrace.Tracing meshtrace, brave.Tracing braveTracing) {
    dev.meshtrace.Tracer tracer = meshtrace.tracer();
    dev.meshtrace.TraceContext extracted =
        meshtrace.propagation().extract(Inputs.meshRequest(), Carriers.MESHTRACE_GETTER);
    meshtraceScope = tracer.withSpanInScope(tracer.serverSpan(extracted, meshtrace.sampler()).start());
    brave.propagation.TraceContextOrSamplingFlags braveExtracted =
        braveTracing.propagation().extractor(Carriers.BRAVE_GETTER).extract(Inputs.meshRequest());
    braveScope = braveTracing.currentTraceContext()
        .newScope(braveTracing.tracer().nextSpan(braveExtracted).kind(brave.Span.Kind.SERVER).start().context());
  }

  @Override
  public void close() {
    meshtraceScope.close();
    braveScope.close();
  }
}
