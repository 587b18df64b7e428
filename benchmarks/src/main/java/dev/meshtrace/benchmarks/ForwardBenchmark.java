package dev.meshtrace.benchmarks;

import brave.propagation.TraceContextOrSamplingFlags;
import dev.meshtrace.propagation.Propagation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operation 5: the forwarding step of a request that came through a sidecar: extract everything from the inbound
 * map ({@code x-request-id}, {@code X-B3-*}, {@code traceparent}, {@code tracestate}, {@code baggage},
 * {@code x-ot-span-context}) and inject it into an empty outbound map.
 *
 * <p>meshtrace uses its defaults. Brave uses B3 plus one remote baggage field per mesh header (its way to copy
 * headers through). OpenTelemetry uses W3C trace context, W3C baggage and B3: it cannot forward
 * {@code x-request-id} or {@code x-ot-span-context}, and re-encodes the rest.
 */
@State(Scope.Thread)
public class ForwardBenchmark extends PeerComparison {
  final Map<String, String> inbound = Inputs.meshRequest();
  final Map<String, String> outbound = Carriers.headers();

  final Propagation meshtracePropagation = Propagation.defaults();

  final brave.propagation.Propagation<String> bravePropagation = Libraries.braveMeshPropagation();
  final brave.propagation.TraceContext.Extractor<Map<String, String>> braveExtractor =
      bravePropagation.extractor(Carriers.BRAVE_GETTER);
  final brave.propagation.TraceContext.Injector<Map<String, String>> braveInjector =
      bravePropagation.injector(Carriers.BRAVE_SETTER);

  final TextMapPropagator otelPropagator = Libraries.otelMeshPropagator();

  @Setup
  public void checkWhatEachLibraryForwards() {
    Inputs.check(meshtrace().equals(inbound), "meshtrace forwards every header unchanged: " + outbound);
    Map<String, String> brave = Carriers.headers();
    brave.putAll(brave());
    Inputs.check(brave.equals(inbound), "Brave forwards every header unchanged: " + brave);
    Map<String, String> otel = Carriers.headers();
    otel.putAll(otel());
    Inputs.check(otel.keySet().containsAll(
        List.of("traceparent", "tracestate", "baggage", "X-B3-TraceId", "X-B3-SpanId", "X-B3-Sampled"))
        && !otel.containsKey("x-request-id"), "OpenTelemetry forwards what it can: " + otel);
  }

  @Benchmark
  public Map<String, String> meshtrace() {
    outbound.clear();
    dev.meshtrace.TraceContext extracted = meshtracePropagation.extract(inbound, Carriers.MESHTRACE_GETTER);
    meshtracePropagation.inject(extracted, outbound, Carriers.MESHTRACE_SETTER);
    return outbound;
  }

  @Benchmark
  public Map<String, String> brave() {
    outbound.clear();
    TraceContextOrSamplingFlags extracted = braveExtractor.extract(inbound);
    braveInjector.inject(extracted.context(), outbound);
    return outbound;
  }

  @Benchmark
  public Map<String, String> otel() {
    outbound.clear();
    Context extracted = otelPropagator.extract(Context.root(), inbound, Carriers.OTEL_GETTER);
    otelPropagator.inject(extracted, outbound, Carriers.OTEL_SETTER);
    return outbound;
  }
}
