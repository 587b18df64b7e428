package dev.meshtrace.benchmarks;

import dev.meshtrace.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The three tracers and the remote parent each extracted once from the same {@code X-B3-*} headers (sampled or not,
 * per subclass), for the span lifecycle operations. The span: named, server kind, three tags, finished into a
 * handler that only counts.
 */
@State(Scope.Thread)
public abstract class LifecycleFixture extends PeerComparison {
  static final String NAME = "get /api/items";
  static final String METHOD = "http.method";
  static final String PATH = "http.path";
  static final String STATUS = "http.status_code";
  static final AttributeKey<String> OTEL_METHOD = AttributeKey.stringKey(METHOD);
  static final AttributeKey<String> OTEL_PATH = AttributeKey.stringKey(PATH);
  static final AttributeKey<String> OTEL_STATUS = AttributeKey.stringKey(STATUS);

  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final dev.meshtrace.Tracer meshtraceTracer = meshtraceTracing.tracer();
  final TraceContext meshtraceParent;

  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.brave(braveSpans);
  final brave.Tracer braveTracer = braveTracing.tracer();
  final brave.propagation.TraceContextOrSamplingFlags braveParent;

  final CountingHandlers.Otel otelSpans = new CountingHandlers.Otel();
  final SdkTracerProvider otelProvider = Libraries.otel(otelSpans);
  final io.opentelemetry.api.trace.Tracer otelTracer = otelProvider.get("bench");
  final Context otelParent;
  private final boolean sampled;

  LifecycleFixture(boolean sampled) {
    this.sampled = sampled;
    Map<String, String> inbound = Inputs.b3Multi(sampled);
    meshtraceParent = meshtraceTracing.propagation().extract(inbound, Carriers.MESHTRACE_GETTER);
    braveParent = braveTracing.propagation().extractor(Carriers.BRAVE_GETTER).extract(inbound);
    otelParent = Libraries.otelPropagator().extract(Context.root(), inbound, Carriers.OTEL_GETTER);
  }

  public abstract Object meshtrace();

  public abstract Object brave();

  public abstract Object otel();

  /** Runs each library's lifecycle once: each must report one span when sampled, none when not. */
  @Setup
  public void checkWhatEachLibraryReports() {
    meshtrace();
    brave();
    otel();
    long expected = sampled ? 1 : 0;
    Inputs.check(meshtraceSpans.count == expected, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(braveSpans.count == expected, "Brave reported " + braveSpans.count);
    Inputs.check(otelSpans.count == expected, "OpenTelemetry reported " + otelSpans.count);
  }

  @TearDown
  public void close() {
    braveTracing.close();
    otelProvider.close();
  }
}
