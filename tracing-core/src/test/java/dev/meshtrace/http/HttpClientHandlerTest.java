package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Clock;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanInternals;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpClientHandlerTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";
  static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

  final HttpHarness service = HttpHarness.create(tracing -> tracing);

  static FakeHttp.ServerRequest sampledInbound() {
    return new FakeHttp.ServerRequest("GET", "/productpage")
        .header("X-B3-TraceId", TRACE_ID)
        .header("X-B3-SpanId", CALLER_SPAN_ID)
        .header("X-B3-Sampled", "1")
        .header("x-request-id", REQUEST_ID);
  }

  @Test
  void clientSpanIsAChildOfTheCurrentServerSpanAndItsIdsTravel() {
    FakeHttp.ClientRequest outbound = service.serveAndCall(sampledInbound());

    MutableSpan server = service.spans.onlySpan(SpanKind.SERVER);
    MutableSpan client = service.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(client.parentId()).isEqualTo(server.spanId());
    assertThat(client.name()).isEqualTo("GET");
    assertThat(client.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(client.tag(HttpTags.PATH)).isEqualTo("/details/1");
    assertThat(client.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(outbound.headers.asMap())
        .containsEntry("x-b3-traceid", TRACE_ID)
        .containsEntry("x-b3-spanid", client.spanIdString())
        .containsEntry("x-b3-parentspanid", server.spanIdString())
        .containsEntry("x-b3-sampled", "1")
        .containsEntry("traceparent", "00-" + TRACE_ID + "-" + client.spanIdString() + "-01")
        .containsEntry("x-request-id", REQUEST_ID);
  }

  @Test
  void aHeaderTheClientLibraryRefusesIsLeftOutAndTheCallGoesOn() {
    FakeHttp.ServerRequest inbound = sampledInbound().header("baggage", "city=\u6771\u4eac");
    Span server = service.server.handleReceive(inbound);
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/details/1") {
      @Override
      public void header(String name, String value) {
        if (value.chars().anyMatch(c -> c > 0xff)) throw new IllegalArgumentException("invalid header value");
        super.header(name, value);
      }
    };
    try (Scope scope = service.tracing.tracer().withSpanInScope(server)) {
      Span client = service.client.handleSend(outbound);
      assertThat(SpanInternals.isConfined(client)).as("the caller gets the span released").isFalse();
      service.client.handleReceive(new FakeHttp.ClientResponse(200), client);
    }
    service.server.handleSend(new FakeHttp.ServerResponse(inbound, 200), server);

    assertThat(outbound.headers.asMap()).containsEntry("x-request-id", REQUEST_ID).containsKey("x-b3-spanid")
        .doesNotContainKey("baggage");
    assertThat(service.spans.spans()).hasSize(2);
  }

  @Test
  void aFailureRecordedAfterTheFactIsTimedOnTheTraceClockEvenWhenWallTimeJumpsBack() {
    long[] wallMicros = {1_700_000_000_000_000L};
    long[] tickNanos = {42_000_000_000L};
    Clock clock = new Clock() {
      @Override
      public long epochMicros() {
        return wallMicros[0];
      }

      @Override
      public long nanoTime() {
        return tickNanos[0];
      }
    };
    HttpHarness service = HttpHarness.create(tracing -> tracing.clock(clock));
    FakeHttp.ServerRequest inbound = sampledInbound();
    Span server = service.server.handleReceive(inbound);
    tickNanos[0] += 5_000_000L;
    wallMicros[0] -= 3_600_000_000L;
    FakeHttp.ClientRequest refused = new FakeHttp.ClientRequest("GET", "/ratings/1");
    FakeHttp.ClientResponse outcome = new FakeHttp.ClientResponse(0);
    outcome.error = new java.net.ConnectException("Connection refused");

    service.client.handleFailure(refused, server.context(), outcome, 3_000L);
    service.server.handleSend(new FakeHttp.ServerResponse(inbound, 503), server);

    MutableSpan serverData = service.spans.onlySpan(SpanKind.SERVER);
    MutableSpan client = service.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.parentId()).isEqualTo(serverData.spanId());
    assertThat(client.startTimestamp()).isEqualTo(serverData.startTimestamp() + 2_000L);
    assertThat(client.duration()).isEqualTo(3_000L);
    assertThat(client.tag(HttpTags.ERROR)).isEqualTo("Connection refused");
    assertThat(client.tag(HttpTags.PATH)).isEqualTo("/ratings/1");
    assertThat(refused.headers.asMap()).as("nothing is sent, so nothing is written").isEmpty();
  }

  @Test
  void clientSpanIsAChildOfAParentCapturedOnAnotherThread() throws Exception {
    FakeHttp.ServerRequest inbound = sampledInbound();
    Span server = service.server.handleReceive(inbound);
    TraceContext captured = server.context();
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("POST", "/ratings");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture.runAsync(() -> {
        assertThat(service.tracing.tracer().currentContext()).isNull();
        Span client = service.client.handleSend(outbound, captured);
        service.client.handleReceive(new FakeHttp.ClientResponse(201), client);
      }, pool).get();
    } finally {
      pool.shutdown();
      service.server.handleSend(new FakeHttp.ServerResponse(inbound, 200), server);
    }

    MutableSpan client = service.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(client.parentId()).isEqualTo(server.context().spanId());
    assertThat(client.name()).isEqualTo("POST");
    assertThat(outbound.header("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(outbound.header("x-request-id")).isEqualTo(REQUEST_ID);
  }

  @Test
  void withoutAnyContextTheCallStartsANewTrace() {
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/reviews");
    Span span = service.client.handleSend(outbound);
    service.client.handleReceive(new FakeHttp.ClientResponse(200), span);

    MutableSpan client = service.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.parentId()).isZero();
    assertThat(client.traceIdString()).hasSize(32);
    assertThat(outbound.header("x-b3-traceid")).isEqualTo(client.traceIdString());
  }

  @Test
  void injectedHeadersReplaceTheApplicationsAndLeaveTheRestAlone() {
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/reviews")
        .appHeader("X-B3-TraceId", "0000000000000001")
        .appHeader("X-B3-SpanId", "0000000000000002")
        .appHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .appHeader("X-Request-Id", "chosen-by-the-app")
        .appHeader("Accept", "application/json")
        .appHeader("x-tenant-id", "acme");
    Span client = callUnder(service.server.handleReceive(sampledInbound()), outbound);

    Map<String, String> sent = outbound.headers.asMap();
    assertThat(sent)
        .containsEntry("x-b3-traceid", TRACE_ID)
        .containsEntry("x-b3-spanid", client.context().spanIdString())
        .containsEntry("traceparent", "00-" + TRACE_ID + "-" + client.context().spanIdString() + "-01")
        .containsEntry("x-request-id", REQUEST_ID)
        .containsEntry("accept", "application/json")
        .containsEntry("x-tenant-id", "acme");
    assertThat(outbound.namesSet).doesNotHaveDuplicates();
  }

  @Test
  void traceHeadersTheApplicationSetAreRemovedWhenTheInjectionLeavesThemOut() {
    FakeHttp.ClientRequest outbound = withStaleTraceHeaders(new FakeHttp.ClientRequest("GET", "/reviews"))
        .appHeader("grpc-trace-bin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .appHeader("x-tenant-id", "acme");
    Span server = service.server.handleReceive(sampledInbound());
    Span client = callUnder(server, outbound);

    String spanId = client.context().spanIdString();
    assertThat(outbound.headers.asMap()).isEqualTo(Map.of(
        "x-b3-traceid", TRACE_ID, "x-b3-spanid", spanId,
        "x-b3-parentspanid", server.context().spanIdString(), "x-b3-sampled", "1",
        "traceparent", "00-" + TRACE_ID + "-" + spanId + "-01", "x-request-id", REQUEST_ID,
        // not a format of this configuration: a mesh header, the application's to set
        "grpc-trace-bin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "x-tenant-id", "acme"));
  }

  @Test
  void anUnsampledNewTraceRemovesTheApplicationsTraceHeadersAndSendsItsDecisionAlone() {
    HttpHarness unsampled = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER));
    FakeHttp.ClientRequest outbound = withStaleTraceHeaders(new FakeHttp.ClientRequest("GET", "/reviews"));
    unsampled.client.handleSend(outbound);

    assertThat(outbound.headers.asMap()).containsOnly(Map.entry("x-b3-sampled", "0"));
  }

  @Test
  void grpcTraceBinIsATraceHeaderOnceItIsAConfiguredFormat() {
    HttpHarness grpcTraceBin = HttpHarness.create(tracing -> tracing.propagation(Propagation.newBuilder()
        .extract(List.of(Format.W3C, Format.GRPC_TRACE_BIN)).inject(List.of(Format.W3C)).build()));
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/reviews")
        .appHeader("grpc-trace-bin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    Span client = grpcTraceBin.client.handleSend(outbound);

    assertThat(outbound.headers.asMap()).containsOnly(Map.entry("traceparent",
        "00-" + client.context().traceIdString() + "-" + client.context().spanIdString() + "-01"));
  }

  @Test
  void aRemovalTheClientLibraryRefusesLeavesTheHeaderAndTheCallGoesOn() {
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/reviews") {
      @Override
      public void removeHeader(String name) {
        throw new UnsupportedOperationException("immutable headers");
      }

      @Override
      public void header(String name, String value) {
        headers.add(name, value);
      }
    }.appHeader("b3", "0000000000000bad-0000000000000bad-1");
    Span client = service.client.handleSend(outbound);
    service.client.handleReceive(new FakeHttp.ClientResponse(200), client);

    assertThat(outbound.headers.asMap()).containsEntry("b3", "0000000000000bad-0000000000000bad-1")
        .containsEntry("x-b3-spanid", client.context().spanIdString());
    assertThat(service.spans.spans()).hasSize(1);
  }

  /** Sends {@code outbound} with {@code server} in scope and finishes the client span with a 200. */
  Span callUnder(Span server, FakeHttp.ClientRequest outbound) {
    try (Scope scope = service.tracing.tracer().withSpanInScope(server)) {
      Span client = service.client.handleSend(outbound);
      service.client.handleReceive(new FakeHttp.ClientResponse(200), client);
      return client;
    }
  }

  /** Trace headers of another trace, of formats the default configuration does not write for a root span. */
  static FakeHttp.ClientRequest withStaleTraceHeaders(FakeHttp.ClientRequest request) {
    return request
        .appHeader("b3", "0000000000000bad-0000000000000bad-1")
        .appHeader("X-B3-ParentSpanId", "0000000000000bad")
        .appHeader("X-B3-Flags", "1")
        .appHeader("traceparent", "00-00000000000000000000000000000bad-0000000000000bad-01")
        .appHeader("Tracestate", "stale=1");
  }

  @Test
  void unsampledCallGetsTheHeadersAndRecordsNothing() {
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/productpage")
        .header("X-B3-TraceId", TRACE_ID)
        .header("X-B3-SpanId", CALLER_SPAN_ID)
        .header("X-B3-Sampled", "0")
        .header("x-request-id", REQUEST_ID)
        .header("baggage", "tenant=acme");
    FakeHttp.ClientRequest outbound = service.serveAndCall(inbound);

    assertThat(service.spans.spans()).isEmpty();
    Map<String, String> expected = lowerCased(inbound);
    expected.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-00"); // the deny in W3C too
    assertThat(outbound.headers.asMap()).isEqualTo(expected);
  }

  @Test
  void unsampledNewTraceSendsItsDecisionAndRecordsNothing() {
    HttpHarness unsampled = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER));
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/productpage").header("x-request-id", REQUEST_ID);
    FakeHttp.ClientRequest outbound = unsampled.serveAndCall(inbound);

    assertThat(unsampled.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).containsOnly(Map.entry("x-request-id", REQUEST_ID), Map.entry("x-b3-sampled", "0"));
  }

  @Test
  void forwardModeGetsTheHeadersByteForByteAndRecordsNothing() {
    HttpHarness forwarding = HttpHarness.create(tracing -> tracing.mode(Mode.FORWARD));
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/productpage")
        .header("b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1")
        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .header("x-request-id", REQUEST_ID)
        .header("x-ot-span-context", "463ac35c9f6413ad;a2fb4a1d1a96d312;0000000000000000;cs");
    FakeHttp.ClientRequest outbound = forwarding.serveAndCall(inbound);

    assertThat(forwarding.spans.spans()).isEmpty();
    Map<String, String> expected = lowerCased(inbound);
    // X-B3-* is configured and did not arrive: added, with the same IDs and decision, the caller's span ID
    expected.putAll(Map.of("x-b3-traceid", TRACE_ID, "x-b3-spanid", CALLER_SPAN_ID, "x-b3-sampled", "1"));
    assertThat(outbound.headers.asMap()).isEqualTo(expected);
  }

  @Test
  void forwardModeLeavesTheTraceHeadersTheApplicationSet() {
    HttpHarness forwarding = HttpHarness.create(tracing -> tracing.mode(Mode.FORWARD));
    FakeHttp.ClientRequest outbound = withStaleTraceHeaders(new FakeHttp.ClientRequest("GET", "/reviews"));
    Map<String, String> asSet = Map.copyOf(outbound.headers.asMap());
    forwarding.client.handleSend(outbound);

    assertThat(outbound.headers.asMap()).isEqualTo(asSet);
  }

  @Test
  void clientErrorsAreStatus400AndUpOrAnException() {
    callWithStatus(302, null);
    callWithStatus(399, null);
    callWithStatus(400, null);
    callWithStatus(404, null);
    callWithStatus(503, null);
    callWithStatus(0, new IOException("Connection refused"));

    assertThat(service.spans.spans()).extracting(span -> span.tag(HttpTags.ERROR))
        .containsExactly(null, null, "400", "404", "503", "Connection refused");
  }

  private void callWithStatus(int status, Throwable error) {
    FakeHttp.ClientResponse response = new FakeHttp.ClientResponse(status);
    response.error = error;
    service.client.handleReceive(response, service.client.handleSend(new FakeHttp.ClientRequest("GET", "/ratings")));
  }

  @Test
  void remoteAddressAndAllowListedHeadersComeFromTheExchange() {
    HttpHarness tagging = HttpHarness.create(tracing -> tracing, http -> http
        .requestHeaderTags(List.of("x-tenant-id", "authorization"))
        .responseHeaderTags(List.of("x-envoy-upstream-service-time", "set-cookie")));
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/ratings")
        .appHeader("X-Tenant-Id", "acme")
        .appHeader("Authorization", "Bearer s3cr3t");
    outbound.query = "user=42";
    FakeHttp.ClientResponse response = new FakeHttp.ClientResponse(200)
        .header("x-envoy-upstream-service-time", "12")
        .header("set-cookie", "session=s3cr3t");
    response.remoteIp = "10.1.2.3";
    response.remotePort = 9080;
    tagging.client.handleReceive(response, tagging.client.handleSend(outbound));

    MutableSpan client = tagging.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.remoteIp()).isEqualTo("10.1.2.3");
    assertThat(client.remotePort()).isEqualTo(9080);
    assertThat(client.tag(HttpTags.PATH)).isEqualTo("/ratings");
    assertThat(client.tag("http.request.header.x-tenant-id")).isEqualTo("acme");
    assertThat(client.tag("http.response.header.x-envoy-upstream-service-time")).isEqualTo("12");
    assertThat(client.tag("http.request.header.authorization")).isNull();
    assertThat(client.tag("http.response.header.set-cookie")).isNull();
  }

  @ParameterizedTest(name = "{0} (strip query: {1}) -> {2}")
  @CsvSource(delimiter = '|', value = {
      "http://ratings:9080/ratings/7                    | false | http://ratings:9080/ratings/7",
      "http://ratings:9080/ratings/7?user=42#top        | true  | http://ratings:9080/ratings/7",
      "http://ratings:9080/ratings/7?user=42#top        | false | http://ratings:9080/ratings/7?user=42",
      "http://ratings:9080/ratings/7#top?user=42        | false | http://ratings:9080/ratings/7",
      "https://alice:s3cr3t@ratings/ratings/7?user=42   | true  | https://REDACTED:REDACTED@ratings/ratings/7",
      "https://alice@ratings:8443?user=a@b              | false | https://REDACTED:REDACTED@ratings:8443?user=a@b",
      "https://ratings/ratings/7?email=a@b              | false | https://ratings/ratings/7?email=a@b",
  })
  void theUrlIsRecordedWithoutFragmentOrCredentialsAndTheQueryOnlyWhenKept(String url, boolean stripQuery,
      String recorded) {
    HttpHarness harness = HttpHarness.create(tracing -> tracing, http -> http.stripQuery(stripQuery));
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/ratings/7");
    outbound.url = url;
    harness.client.handleReceive(new FakeHttp.ClientResponse(200), harness.client.handleSend(outbound));

    assertThat(harness.spans.onlySpan(SpanKind.CLIENT).tag(HttpTags.URL)).isEqualTo(recorded);
  }

  @Test
  void aClientThatDoesNotKnowItsUrlRecordsNone() {
    service.client.handleReceive(new FakeHttp.ClientResponse(200),
        service.client.handleSend(new FakeHttp.ClientRequest("GET", "/ratings")));

    MutableSpan client = service.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.tag(HttpTags.PATH)).isEqualTo("/ratings");
    assertThat(client.tag(HttpTags.URL)).isNull();
  }

  static Map<String, String> lowerCased(FakeHttp.ServerRequest request) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String[] field : request.headers.fields) result.put(field[0].toLowerCase(java.util.Locale.ROOT), field[1]);
    return result;
  }
}
