package dev.meshtrace.benchmarks;

import brave.baggage.BaggageField;
import brave.baggage.BaggagePropagation;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.propagation.B3Propagation;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;

/**
 * The three libraries configured alike: 128-bit trace IDs, B3 read (multi-header written) plus W3C where the
 * library has it, every new trace sampled while an upstream decision is respected, and finished spans handed to a
 * handler that only counts them.
 */
final class Libraries {
  static final String SERVICE = "bench";
  static final String LOCAL_IP = "10.0.0.1";

  private Libraries() {}

  /**
   * meshtrace's defaults: record mode, sample all, 128-bit, extract {@code b3}, {@code X-B3-*} and
   * {@code traceparent}, inject B3 multi and W3C.
   */
  static dev.meshtrace.Tracing meshtrace(dev.meshtrace.SpanHandler handler) {
    return dev.meshtrace.Tracing.newBuilder().serviceName(SERVICE).localIp(LOCAL_IP).addSpanHandler(handler).build();
  }

  /**
   * meshtrace reading B3 (single and multi) and writing {@code format} alone, forwarding no mesh header (so no
   * {@code x-request-id} either): the work Brave's instrumentation does, to separate what the mesh headers cost. It
   * reads no W3C header either: meshtrace writes the formats a request came in with as well as its own, and Brave
   * would neither read nor write them.
   */
  static dev.meshtrace.Tracing meshtraceWriting(Format format, dev.meshtrace.SpanHandler handler) {
    Propagation.Builder propagation = Propagation.newBuilder().extract(List.of(Format.B3, Format.B3_MULTI))
        .inject(List.of(format));
    for (String name : Propagation.DEFAULT_FORWARD_HEADERS) propagation.removeForwardHeader(name);
    return dev.meshtrace.Tracing.newBuilder().serviceName(SERVICE).localIp(LOCAL_IP)
        .propagation(propagation.build()).addSpanHandler(handler).build();
  }

  /**
   * meshtrace writing what OpenTelemetry's mesh configuration ({@link #otelMeshPropagator()}) writes: its default
   * trace headers (B3 multi, which adds {@code X-B3-ParentSpanId}, and W3C) and, of the mesh headers, {@code baggage}
   * alone, to separate what forwarding Istio's other headers costs a client.
   */
  static dev.meshtrace.Tracing meshtraceForwardingBaggageOnly(dev.meshtrace.SpanHandler handler) {
    Propagation.Builder propagation = Propagation.newBuilder();
    for (String name : Propagation.DEFAULT_FORWARD_HEADERS) {
      if (!name.equals("baggage")) propagation.removeForwardHeader(name);
    }
    return dev.meshtrace.Tracing.newBuilder().serviceName(SERVICE).localIp(LOCAL_IP)
        .propagation(propagation.build()).addSpanHandler(handler).build();
  }

  /**
   * meshtrace reading only the trace headers, as the peers do: its defaults without the mesh headers it forwards
   * ({@code x-request-id}, {@code baggage} and the rest of Istio's list), to show what reading those costs.
   */
  static Propagation meshtraceTraceHeadersOnly() {
    Propagation.Builder builder = Propagation.newBuilder();
    for (String name : Propagation.DEFAULT_FORWARD_HEADERS) builder.removeForwardHeader(name);
    return builder.build();
  }

  /** Brave with {@link #bravePropagation()}, 128-bit IDs and the always sampler. */
  static brave.Tracing brave(brave.handler.SpanHandler handler) {
    return brave(handler, bravePropagationFactory());
  }

  /** Brave with {@link #braveMeshPropagation()}, for the request paths that forward mesh headers. */
  static brave.Tracing braveForMesh(brave.handler.SpanHandler handler) {
    return brave(handler, braveMeshPropagationFactory());
  }

  private static brave.Tracing brave(brave.handler.SpanHandler handler,
      brave.propagation.Propagation.Factory propagation) {
    return brave.Tracing.newBuilder().localServiceName(SERVICE).localIp(LOCAL_IP).traceId128Bit(true)
        .sampler(brave.sampler.Sampler.ALWAYS_SAMPLE).propagationFactory(propagation)
        .addSpanHandler(handler).build();
  }

  /** Brave's B3: reads {@code b3} and {@code X-B3-*}, writes the multi-header form. Brave has no W3C codec. */
  static brave.propagation.Propagation<String> bravePropagation() {
    return bravePropagationFactory().get();
  }

  /**
   * Brave's closest equivalent of header forwarding: B3 plus one remote baggage field per mesh header, which
   * copies each value through unchanged.
   */
  static brave.propagation.Propagation<String> braveMeshPropagation() {
    return braveMeshPropagationFactory().get();
  }

  private static brave.propagation.Propagation.Factory braveMeshPropagationFactory() {
    BaggagePropagation.FactoryBuilder builder = BaggagePropagation.newFactoryBuilder(bravePropagationFactory());
    for (String name : Inputs.MESH_HEADER_NAMES) builder.add(SingleBaggageField.remote(BaggageField.create(name)));
    return builder.build();
  }

  private static brave.propagation.Propagation.Factory bravePropagationFactory() {
    return B3Propagation.newFactoryBuilder().injectFormat(B3Propagation.Format.MULTI).build();
  }

  /**
   * OpenTelemetry's B3 (multi-header written) and W3C trace context propagators, composed. When both formats
   * arrive the last one read, W3C, is the context, so its {@code tracestate} is kept.
   */
  static TextMapPropagator otelPropagator() {
    return TextMapPropagator.composite(B3Propagator.injectingMultiHeaders(), W3CTraceContextPropagator.getInstance());
  }

  /** {@link #otelPropagator()} plus W3C baggage: all the mesh headers OpenTelemetry can carry. */
  static TextMapPropagator otelMeshPropagator() {
    return TextMapPropagator.composite(B3Propagator.injectingMultiHeaders(), W3CTraceContextPropagator.getInstance(),
        W3CBaggagePropagator.getInstance());
  }

  /** The SDK tracer provider: always-on sampling for new traces, the parent's decision otherwise (its default). */
  static SdkTracerProvider otel(SpanProcessor processor) {
    return SdkTracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOn()))
        .addSpanProcessor(processor).build();
  }
}
