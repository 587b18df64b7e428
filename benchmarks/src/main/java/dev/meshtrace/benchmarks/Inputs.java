package dev.meshtrace.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * The inbound headers every library reads, identical for all three: lower-case names, as HTTP/2 and Envoy deliver
 * them, in a {@link Carriers#headers() carrier}. One 128-bit trace, one caller span and its parent.
 */
final class Inputs {
  static final String TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";
  static final String SPAN_ID = "e457b5a2e4d86bd1";
  static final String PARENT_ID = "05e3ac9a4f6e3b90";
  static final String REQUEST_ID = "6e3a9c2b-8f1d-4b7e-9a55-0c2d4e6f8a1b";
  static final String TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
  static final String BAGGAGE = "userId=alice,serverNode=DF28,isProduction=false";
  static final String OT_SPAN_CONTEXT = "AAAAAAAAAACA8ZjuVjQ7qGT+K1fT7/cAAAAAAAAAAQ==";

  /** The headers Istio asks applications to forward, as meshtrace's defaults name them (plus the W3C pair). */
  static final List<String> MESH_HEADER_NAMES = List.of("x-request-id", "x-ot-span-context",
      "x-cloud-trace-context", "grpc-trace-bin", "x-datadog-trace-id", "x-datadog-parent-id",
      "x-datadog-sampling-priority", "sw8", "baggage", "traceparent", "tracestate");

  private Inputs() {}

  /** The {@code X-B3-*} group: 128-bit trace ID, span ID, parent span ID and the decision. */
  static Map<String, String> b3Multi(boolean sampled) {
    Map<String, String> headers = Carriers.headers();
    headers.put("x-b3-traceid", TRACE_ID);
    headers.put("x-b3-spanid", SPAN_ID);
    headers.put("x-b3-parentspanid", PARENT_ID);
    headers.put("x-b3-sampled", sampled ? "1" : "0");
    return headers;
  }

  /** The single {@code b3} header carrying the same context. */
  static Map<String, String> b3Single() {
    Map<String, String> headers = Carriers.headers();
    headers.put("b3", TRACE_ID + "-" + SPAN_ID + "-1-" + PARENT_ID);
    return headers;
  }

  /** W3C {@code traceparent} carrying the same trace and span, sampled. */
  static Map<String, String> traceparent() {
    Map<String, String> headers = Carriers.headers();
    headers.put("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    return headers;
  }

  /** What a request arriving through an Istio sidecar carries: B3 multi, W3C, baggage and the mesh headers. */
  static Map<String, String> meshRequest() {
    Map<String, String> headers = b3Multi(true);
    headers.put("x-request-id", REQUEST_ID);
    headers.put("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    headers.put("tracestate", TRACESTATE);
    headers.put("baggage", BAGGAGE);
    headers.put("x-ot-span-context", OT_SPAN_CONTEXT);
    return headers;
  }

  static long high(String traceId) {
    return Long.parseUnsignedLong(traceId.substring(0, 16), 16);
  }

  static long low(String traceId) {
    return Long.parseUnsignedLong(traceId.substring(16), 16);
  }

  static long id(String spanId) {
    return Long.parseUnsignedLong(spanId, 16);
  }

  /** Fails the run when a library did not read or write what the benchmark assumes it does. */
  static void check(boolean condition, String what) {
    if (!condition) throw new IllegalStateException("Benchmark set-up is wrong: " + what);
  }
}
