package dev.meshtrace.examples.bookinfo.demo;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request the demo sends to {@code productpage}, with the headers a caller would send. {@code traceId} is the
 * trace the headers name, or null when the service starts the trace.
 */
record DemoRequest(String description, Map<String, String> headers, String traceId, String ratingsExecutor) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The three requests of the demo, with fresh IDs. */
  static List<DemoRequest> standard() {
    return List.of(envoyStyle(), traceparentOnly(), withoutHeaders());
  }

  /** As an Envoy sidecar forwards a sampled request: its request ID and its own span's B3 headers. */
  static DemoRequest envoyStyle() {
    String traceId = hex(16);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-request-id", UUID.randomUUID().toString());
    headers.put("x-b3-traceid", traceId);
    headers.put("x-b3-spanid", hex(8));
    headers.put("x-b3-parentspanid", hex(8));
    headers.put("x-b3-sampled", "1");
    return new DemoRequest("x-request-id and B3 headers, as an Envoy sidecar sends them", headers, traceId, null);
  }

  /** As an OpenTelemetry-instrumented caller sends it. */
  static DemoRequest traceparentOnly() {
    String traceId = hex(16);
    return new DemoRequest("W3C traceparent only",
        Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"), traceId, null);
  }

  /** No trace headers at all: productpage starts the trace and the request ID. */
  static DemoRequest withoutHeaders() {
    return new DemoRequest("no trace headers", Map.of(), null, null);
  }

  /**
   * The trace broken on purpose, then mended: reviews calls ratings from an executor of its own, first unwrapped
   * (ratings' spans land in a trace of their own), then wrapped with {@code tracing.currentTraceContext()
   * .executorService(...)}.
   */
  static List<DemoRequest> brokenThenFixed() {
    DemoRequest envoy = envoyStyle();
    DemoRequest fixed = envoyStyle();
    return List.of(
        new DemoRequest("broken on purpose: reviews calls ratings from an unwrapped executor", envoy.headers(),
            envoy.traceId(), "unwrapped"),
        new DemoRequest("fixed: the same executor wrapped with executorService(...)", fixed.headers(), fixed.traceId(),
            "wrapped"));
  }

  /** Whether this request breaks the trace on purpose. */
  boolean brokenOnPurpose() {
    return "unwrapped".equals(ratingsExecutor);
  }

  /** The span ID of the caller named by the headers, or null. */
  String callerSpanId() {
    String b3 = headers.get("x-b3-spanid");
    if (b3 != null) return b3;
    String traceparent = headers.get("traceparent");
    return traceparent == null ? null : traceparent.substring(36, 52);
  }

  private static String hex(int bytes) {
    byte[] id = new byte[bytes];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
