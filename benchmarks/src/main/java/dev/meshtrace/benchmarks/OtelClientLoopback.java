package dev.meshtrace.benchmarks;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Collections;

/**
 * What the loopback client comparisons against OpenTelemetry share: a real Jetty over loopback answering
 * {@code /plain/items}, meshtrace and the OpenTelemetry SDK configured alike (every call sampled, one client span per
 * call handed to a counting handler, B3 multi-headers and W3C written; meshtrace forwards the mesh headers,
 * OpenTelemetry its W3C baggage), and a server span of each current on the benchmark's thread, so each call is a
 * child of it. A subclass makes the three clients and the calls.
 */
abstract class OtelClientLoopback extends PeerComparison {
  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final CountingHandlers.Otel otelSpans = new CountingHandlers.Otel();
  final SdkTracerProvider otelProvider = Libraries.otel(otelSpans);
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(otelProvider)
      .setPropagators(ContextPropagators.create(Libraries.otelMeshPropagator())).build();

  LoopbackServer server;
  ServerSpans serverSpans;

  /** Makes the clients calling {@code uri}. */
  abstract void createClients(String uri) throws Exception;

  abstract int plain() throws Exception;

  abstract int meshtrace() throws Exception;

  abstract int otel() throws Exception;

  /** Starts the server and the clients, then checks one call of each: 200, and one span per traced call. */
  final void startAndCheck() throws Exception {
    server = new LoopbackServer(Collections.singletonMap("/plain", null));
    createClients("http://127.0.0.1:" + server.port() + "/plain/items");
    serverSpans = new ServerSpans(meshtraceTracing, otel);
    Inputs.check(plain() == 200 && meshtrace() == 200 && otel() == 200, "every client gets 200");
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(otelSpans.count == 1, "OpenTelemetry reported " + otelSpans.count);
  }

  /** Ends the server spans' scopes, stops the server and the SDK. */
  final void stopServer() throws Exception {
    serverSpans.close();
    server.stop();
    otelProvider.close();
  }
}
