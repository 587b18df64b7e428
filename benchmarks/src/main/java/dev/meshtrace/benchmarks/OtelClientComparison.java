package dev.meshtrace.benchmarks;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * What the client comparisons against OpenTelemetry share: meshtrace and the OpenTelemetry SDK configured alike (every
 * call sampled, one client span per call handed to a counting handler, B3 multi-headers and W3C written; meshtrace
 * forwards the mesh headers, OpenTelemetry its W3C baggage), and a server span of each current on the benchmark's
 * thread, so each call is a child of it. {@code meshtraceOtelHeaders} is meshtrace writing what OpenTelemetry writes
 * (its trace headers and, of the mesh headers, {@code baggage} alone). A subclass makes the four clients and the
 * calls.
 */
abstract class OtelClientComparison extends PeerComparison {
  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final CountingHandlers.Meshtrace meshtraceOtelHeadersSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceOtelHeadersTracing =
      Libraries.meshtraceForwardingBaggageOnly(meshtraceOtelHeadersSpans);
  final CountingHandlers.Otel otelSpans = new CountingHandlers.Otel();
  final SdkTracerProvider otelProvider = Libraries.otel(otelSpans);
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(otelProvider)
      .setPropagators(ContextPropagators.create(Libraries.otelMeshPropagator())).build();

  ServerSpans serverSpans;

  /** Makes the clients calling {@code uri}. */
  abstract void createClients(String uri) throws Exception;

  abstract int plain() throws Exception;

  abstract int meshtrace() throws Exception;

  abstract int meshtraceOtelHeaders() throws Exception;

  abstract int otel() throws Exception;

  /** Makes the clients and the server spans, then checks one call of each: 200, and one span per traced call. */
  final void createAndCheck(String uri) throws Exception {
    createClients(uri);
    serverSpans = new ServerSpans(otel, meshtraceTracing, meshtraceOtelHeadersTracing);
    Inputs.check(plain() == 200 && meshtrace() == 200 && meshtraceOtelHeaders() == 200 && otel() == 200,
        "every client gets 200");
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(meshtraceOtelHeadersSpans.count == 1,
        "meshtrace (OpenTelemetry's headers) reported " + meshtraceOtelHeadersSpans.count);
    Inputs.check(otelSpans.count == 1, "OpenTelemetry reported " + otelSpans.count);
  }

  /** Ends the server spans' scopes and stops the SDK. */
  final void closeLibraries() {
    serverSpans.close();
    otelProvider.close();
  }
}
