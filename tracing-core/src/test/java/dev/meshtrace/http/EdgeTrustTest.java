package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.internal.RequestIds;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trustInboundContext(false)}: a service exposed to the internet without a sidecar in front. */
class EdgeTrustTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";
  static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

  static FakeHttp.ServerRequest forcedB3(String sampledHeader, String value) {
    return new FakeHttp.ServerRequest("GET", "/books")
        .header("X-B3-TraceId", TRACE_ID)
        .header("X-B3-SpanId", CALLER_SPAN_ID)
        .header(sampledHeader, value)
        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
        .header("tracestate", "evil=1")
        .header("x-request-id", REQUEST_ID)
        .header("baggage", "tenant=acme");
  }

  static HttpHarness edge(Sampler sampler, double forcedTracesPerSecond) {
    return HttpHarness.create(tracing -> tracing.sampler(sampler),
        http -> http.trustInboundContext(false).forcedTracesPerSecond(forcedTracesPerSecond));
  }

  @Test
  void byDefaultInboundContextIsTrustedAsItComes() {
    HttpHarness trusting = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER));
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/books")
        .header("b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-d")
        .header("x-request-id", "not-a-uuid");
    FakeHttp.ClientRequest outbound = trusting.serveAndCall(inbound);

    MutableSpan server = trusting.spans.onlySpan(SpanKind.SERVER);
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.debug()).isTrue();
    assertThat(server.tag(HttpTags.REQUEST_ID)).isEqualTo("not-a-uuid");
    assertThat(outbound.header("x-request-id")).isEqualTo("not-a-uuid");
  }

  @Test
  void refusedForcedTraceForwardsNoneOfTheCallersTraceHeadersAndANotSampledDecision() {
    HttpHarness service = edge(Sampler.NEVER, 0);
    FakeHttp.ClientRequest outbound = service.serveAndCall(forcedB3("X-B3-Sampled", "1"));

    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).containsOnly(
        Map.entry("x-b3-sampled", "0"), Map.entry("x-request-id", REQUEST_ID), Map.entry("baggage", "tenant=acme"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-B3-Sampled:1", "X-B3-Flags:1", "X-B3-Sampled:true"})
  void refusedForcedTraceStartsAFreshTraceThatTheLocalSamplerDecides(String forced) {
    String[] header = forced.split(":");
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ClientRequest outbound = service.serveAndCall(forcedB3(header[0], header[1]));

    MutableSpan server = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(server.traceIdString()).isNotEqualTo(TRACE_ID);
    assertThat(server.parentId()).isZero();
    assertThat(server.debug()).isFalse();
    assertThat(outbound.headers.asMap())
        .containsEntry("x-b3-traceid", server.traceIdString())
        .containsEntry("x-b3-sampled", "1")
        .doesNotContainKeys("x-b3-flags", "tracestate")
        .containsEntry("x-request-id", REQUEST_ID);
    assertThat(outbound.header("traceparent")).doesNotContain(TRACE_ID);
  }

  @Test
  void decisionOnlyForcedHeaderIsRefusedToo() {
    HttpHarness service = edge(Sampler.NEVER, 0);
    FakeHttp.ClientRequest outbound = service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("b3", "d"));

    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).doesNotContainKey("b3").containsEntry("x-b3-sampled", "0");
  }

  @Test
  void forcedTracesAreHonouredUpToTheAllowance() {
    HttpHarness service = edge(Sampler.NEVER, 0.01);
    FakeHttp.ClientRequest honoured = service.serveAndCall(forcedB3("X-B3-Flags", "1"));
    FakeHttp.ClientRequest refused = service.serveAndCall(forcedB3("X-B3-Flags", "1"));

    MutableSpan server = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.debug()).isTrue();
    assertThat(honoured.headers.asMap()).containsEntry("x-b3-traceid", TRACE_ID).containsEntry("x-b3-flags", "1");
    assertThat(refused.headers.asMap()).doesNotContainKeys("x-b3-traceid", "x-b3-flags", "traceparent");
  }

  @Test
  void distrustingHonoursNoForcedTraceByDefault() {
    HttpHarness service = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER),
        http -> http.trustInboundContext(false));
    for (int i = 0; i < 3; i++) service.serveAndCall(forcedB3("X-B3-Sampled", "1"));

    assertThat(service.spans.spans()).isEmpty();
  }

  @Test
  void callerMayAlwaysAskNotToTrace() {
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/books")
        .header("X-B3-TraceId", TRACE_ID)
        .header("X-B3-SpanId", CALLER_SPAN_ID)
        .header("X-B3-Sampled", "0")
        .header("x-request-id", REQUEST_ID);
    FakeHttp.ClientRequest outbound = service.serveAndCall(inbound);

    assertThat(service.spans.spans()).isEmpty();
    Map<String, String> expected = HttpClientHandlerTest.lowerCased(inbound);
    expected.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-00"); // the deny in W3C too
    assertThat(outbound.headers.asMap()).isEqualTo(expected);
  }

  @Test
  void idsWithoutADecisionStartAFreshTrace() {
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/books")
        .header("b3", TRACE_ID + "-" + CALLER_SPAN_ID);
    FakeHttp.ClientRequest outbound = service.serveAndCall(inbound);

    MutableSpan server = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(server.traceIdString()).isNotEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isNull();
    assertThat(outbound.headers.asMap()).doesNotContainKey("b3");
    assertThat(outbound.headers.asMap().values()).noneMatch(value -> value.contains(CALLER_SPAN_ID))
        .noneMatch(value -> value.contains(TRACE_ID));
  }

  @Test
  void idsWithoutADecisionCannotSteerTheSampler() {
    HttpHarness service = HttpHarness.create(tracing -> tracing.sampler(Sampler.probability(0.001)),
        http -> http.trustInboundContext(false));
    // the lowest trace ID there is: a probability sampler deriving its decision from it would always sample
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/books")
        .header("b3", "00000000000000000000000000000001-" + CALLER_SPAN_ID);
    int requests = 50;
    for (int i = 0; i < requests; i++) service.serveAndCall(inbound);

    // steered by the ID, every request would record its server and client span; decided on fresh IDs, each
    // request is sampled with probability 0.001, so that all are has odds of 10^-150
    assertThat(service.spans.spans()).hasSizeLessThan(2 * requests);

    HttpHarness trusting = HttpHarness.create(tracing -> tracing.sampler(Sampler.probability(0.001)));
    trusting.serveAndCall(inbound);
    assertThat(trusting.spans.onlySpan(SpanKind.SERVER).parentIdString()).isEqualTo(CALLER_SPAN_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "f47ac10b-58cc-4372-a567-0e02b2c3d47", "f47ac10b-58cc-4372-a567-0e02b2c3d4790",
      "g47ac10b-58cc-4372-a567-0e02b2c3d479", "f47ac10b_58cc-4372-a567-0e02b2c3d479", "{f47ac10b-58cc-4372-a567-0e02b2c3d4}",
      "f47ac10b-58cc-4372-a567-0e02b2c3d47\uff19"})
  void malformedRequestIdIsReplacedWithAFreshOne(String requestId) {
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ClientRequest outbound =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", requestId));

    String tagged = service.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.REQUEST_ID);
    assertThat(tagged).isNotEqualTo(requestId);
    assertThat(RequestIds.isWellFormedUuid(tagged)).isTrue();
    assertThat(outbound.header("x-request-id")).isEqualTo(tagged);
  }

  @ParameterizedTest
  @ValueSource(strings = {"f47ac10b-58cc-4372-a567-0e02b2c3d479", "f47ac10b-58cc-z372-a567-0e02b2c3d479",
      "F47AC10B-58CC-4372-A567-0E02B2C3D479"})
  void wellFormedRequestIdWithoutATraceStatusIsKeptAsItCame(String requestId) {
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ClientRequest outbound =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", requestId));

    assertThat(service.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.REQUEST_ID)).isEqualTo(requestId);
    assertThat(outbound.header("x-request-id")).isEqualTo(requestId);
  }

  @ParameterizedTest
  @ValueSource(chars = {'9', 'a', 'b'})
  void envoyTraceStatusInTheRequestIdCannotForceTracingDownstream(char status) {
    String requestId = "f47ac10b-58cc-" + status + "372-a567-0e02b2c3d479";
    HttpHarness service = edge(Sampler.NEVER, 0);
    FakeHttp.ClientRequest outbound =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", requestId));

    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.header("x-request-id")).isEqualTo("f47ac10b-58cc-4372-a567-0e02b2c3d479");
  }

  @Test
  void envoyTraceStatusInTheRequestIdIsKeptWithinTheAllowance() {
    String requestId = "f47ac10b-58cc-a372-a567-0e02b2c3d479";
    HttpHarness service = edge(Sampler.NEVER, 0.01);
    FakeHttp.ClientRequest honoured =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", requestId));
    FakeHttp.ClientRequest refused =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", requestId));

    assertThat(honoured.header("x-request-id")).isEqualTo(requestId);
    assertThat(refused.header("x-request-id")).isEqualTo("f47ac10b-58cc-4372-a567-0e02b2c3d479");
  }

  @Test
  void malformedRequestIdIsDroppedWhenGenerationIsOff() {
    HttpHarness service = HttpHarness.create(
        tracing -> tracing.propagation(Propagation.newBuilder().generateRequestId(false).build()),
        http -> http.trustInboundContext(false));
    FakeHttp.ClientRequest outbound =
        service.serveAndCall(new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", "not-a-uuid"));

    assertThat(service.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.REQUEST_ID)).isNull();
    assertThat(outbound.header("x-request-id")).isNull();
  }

  @Test
  void skippedPathsAreSanitisedToo() {
    HttpHarness service = edge(Sampler.ALWAYS, 0);
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/healthz")
        .header("b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1")
        .header("x-request-id", "<script>");
    FakeHttp.ClientRequest outbound = service.serveAndCall(inbound);

    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).containsOnly(Map.entry("x-b3-sampled", "0"));
  }
}
