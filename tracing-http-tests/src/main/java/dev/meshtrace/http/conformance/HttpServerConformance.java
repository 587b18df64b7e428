package dev.meshtrace.http.conformance;

import static dev.meshtrace.http.conformance.ConformanceHeaders.EXTRA_HEADER;
import static dev.meshtrace.http.conformance.ConformanceHeaders.REQUEST_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.propagation.Propagation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every HTTP server adapter keeps, checked over real HTTP on loopback: the server span each request
 * gets, the inbound context it continues, and what a downstream call made while handling carries (byte for byte)
 * to a real {@link LoopbackHttpServer}. An adapter's test extends it and starts a server ({@link #startServer})
 * that serves these routes under its base URI:
 * <ul>
 *   <li>{@code GET /hello}: {@code 200} {@code hello};
 *   <li>{@code GET /status/<code>}: that status;
 *   <li>{@code GET /fail}: the handler throws {@code IllegalStateException("boom")};
 *   <li>{@code GET /downstream}: calls the downstream URI with the request's trace context, the way an
 *       application on that server would, and answers {@code 200};
 *   <li>{@code GET /async-downstream}: hands the request to another thread, which makes the downstream call under
 *       the request's context and then answers {@code 202}.
 * </ul>
 */
public abstract class HttpServerConformance {
  protected static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * Starts the adapter's server traced with {@code httpTracing}, serving the routes above and calling
   * {@code downstream}; returns its base URI (a context path such as {@code /app} is allowed).
   */
  protected abstract URI startServer(HttpTracing httpTracing, URI downstream) throws Exception;

  /** Stops the server {@link #startServer} started last. */
  protected abstract void stopServer() throws Exception;

  /**
   * The contexts the server's threads had current when they took up requests, before tracing ran, for adapters
   * that can observe it (each should be null: nothing left behind by an earlier request). Empty by default.
   */
  protected List<TraceContext> contextsBeforeTracing() {
    return List.of();
  }

  protected final InMemorySpanCollector spans = new InMemorySpanCollector();
  protected final HttpClient caller = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  protected LoopbackHttpServer downstream;
  protected Tracing tracing;
  protected URI base;
  private boolean started;

  @BeforeEach
  void startServers() throws Exception {
    downstream = new LoopbackHttpServer();
    deploy(tracing -> tracing, http -> http);
  }

  @AfterEach
  void stopServers() throws Exception {
    try {
      if (started) stopServer();
    } finally {
      downstream.close();
    }
    assertThat(contextsBeforeTracing()).as("contexts left on the server's threads").filteredOn(Objects::nonNull)
        .isEmpty();
  }

  /** (Re)starts the server with tracing and HTTP settings configured by the functions. */
  protected void deploy(UnaryOperator<Tracing.Builder> tracingSettings, UnaryOperator<HttpTracing.Builder> http)
      throws Exception {
    if (started) stopServer();
    started = false;
    Propagation propagation = Propagation.newBuilder().addForwardHeader(EXTRA_HEADER).build();
    tracing = tracingSettings.apply(Tracing.newBuilder().serviceName("conformance-server").propagation(propagation))
        .addSpanHandler(spans).build();
    base = startServer(http.apply(HttpTracing.newBuilder(tracing)).build(), downstream.uri("/next"));
    started = true;
  }

  /** The path of {@code route} as the server sees it (under its base path). */
  protected String path(String route) {
    String basePath = base.getPath();
    if (basePath.endsWith("/")) basePath = basePath.substring(0, basePath.length() - 1);
    return basePath + route;
  }

  protected HttpResponse<String> get(String route, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path(route))).timeout(WAIT);
    if (headers.length > 0) request.headers(headers);
    return caller.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  protected MutableSpan onlyServerSpan() {
    List<MutableSpan> finished = spans.awaitSpans(1, WAIT);
    assertThat(finished).hasSize(1);
    MutableSpan span = finished.get(0);
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.localServiceName()).isEqualTo("conformance-server");
    return span;
  }

  protected RecordedRequest downstreamRequest() throws InterruptedException {
    return downstream.takeRequest(WAIT);
  }

  /** Proves earlier requests reported nothing: a traced request afterwards is the only span reported. */
  protected void assertNothingElseReported() throws Exception {
    get("/hello");
    assertThat(onlyServerSpan().tag(HttpTags.PATH)).isEqualTo(path("/hello"));
  }

  // --- one request, one span ---

  @Test
  void aRequestRecordsOneServerSpan() throws Exception {
    HttpResponse<String> response = get("/hello?user=7");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
    MutableSpan span = onlyServerSpan();
    assertThat(span.name()).startsWith("GET");
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(path("/hello"));
    assertThat(span.tag(HttpTags.SCHEME)).isEqualTo("http");
    assertThat(span.tag(HttpTags.HOST)).as("the Host header the caller sent").isEqualTo(base.getAuthority());
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.error()).isNull();
    assertThat(span.tag(HttpTags.REQUEST_ID)).matches(UUID);
    assertThat(span.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(span.parentId()).isZero();
    assertThat(span.startTimestamp()).isPositive().isLessThanOrEqualTo(span.finishTimestamp());
  }

  @Test
  void clientErrorsAreNotErrorsAndServerErrorsAre() throws Exception {
    assertThat(get("/status/404").statusCode()).isEqualTo(404);
    MutableSpan notFound = onlyServerSpan();
    assertThat(notFound.tag(HttpTags.STATUS_CODE)).isEqualTo("404");
    assertThat(notFound.tag(HttpTags.ERROR)).isNull();
    spans.clear();

    assertThat(get("/status/503").statusCode()).isEqualTo(503);
    MutableSpan unavailable = onlyServerSpan();
    assertThat(unavailable.tag(HttpTags.STATUS_CODE)).isEqualTo("503");
    assertThat(unavailable.tag(HttpTags.ERROR)).isEqualTo("503");
  }

  @Test
  void anExceptionFromTheHandlerIsTheSpansError() throws Exception {
    assertThat(get("/fail").statusCode()).isEqualTo(500);

    MutableSpan span = onlyServerSpan();
    assertThat(span.error()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo("boom");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("500");
  }

  // --- inbound context and what reaches the next hop ---

  @Test
  void b3MultiInMakesTheServerSpanTheCallersChildAndGoesOutWithIt() throws Exception {
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "x-request-id", REQUEST_ID);

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    assertThat(span.tag(HttpTags.REQUEST_ID)).isEqualTo(REQUEST_ID);
    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(next.single("x-b3-parentspanid")).isEqualTo(SPAN_ID);
    assertThat(next.single("x-b3-sampled")).isEqualTo("1");
    assertThat(next.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(next.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(next.single("b3")).isNull();
  }

  @Test
  void b3SingleInIsB3SingleOut() throws Exception {
    get("/downstream", "b3", TRACE_ID + "-" + SPAN_ID + "-1");

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    RecordedRequest next = downstreamRequest();
    assertThat(next.single("b3")).isEqualTo(TRACE_ID + "-" + span.spanIdString() + "-1-" + SPAN_ID);
    assertThat(next.single("x-b3-spanid")).isEqualTo(span.spanIdString());
  }

  @Test
  void w3cInIsW3cOutWithRepeatedTracestateFieldsJoined() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path("/downstream"))).timeout(WAIT)
        .header("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .header("tracestate", "rojo=00f067aa0ba902b7")
        .build();
    caller.send(request, HttpResponse.BodyHandlers.ofString());

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    RecordedRequest next = downstreamRequest();
    assertThat(next.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(next.single("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void withoutHeadersANewTraceStartsAndARequestIdIsGeneratedAndForwarded() throws Exception {
    get("/downstream");

    MutableSpan span = onlyServerSpan();
    assertThat(span.parentId()).isZero();
    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-traceid")).isEqualTo(span.traceIdString());
    assertThat(next.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(next.single("x-b3-parentspanid")).isNull();
    assertThat(next.single("x-request-id")).matches(UUID).isEqualTo(span.tag(HttpTags.REQUEST_ID));
  }

  @Test
  void everyForwardedMeshHeaderReachesTheNextHopByteForByte() throws Exception {
    Map<String, String> mesh = ConformanceHeaders.forwardedMeshHeaders();
    String[] headers = mesh.entrySet().stream()
        .flatMap(entry -> java.util.stream.Stream.of(entry.getKey(), entry.getValue()))
        .toArray(String[]::new);
    get("/downstream", headers);

    RecordedRequest next = downstreamRequest();
    for (Map.Entry<String, String> header : mesh.entrySet()) {
      assertThat(next.single(header.getKey())).as(header.getKey()).isEqualTo(header.getValue());
    }
  }

  @Test
  void anUnsampledRequestForwardsItsHeadersAsTheyCameWithTheDenyInW3cAndReportsNothing() throws Exception {
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "0",
        "x-request-id", REQUEST_ID, "baggage", "tenant=blue");

    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.single("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(next.single("x-b3-sampled")).isEqualTo("0");
    assertThat(next.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(next.single("baggage")).isEqualTo("tenant=blue");
    assertThat(next.single("traceparent")).as("the deny in W3C too").isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
    assertNothingElseReported();
  }

  @Test
  void forwardModeForwardsEveryHeaderByteForByteAndRecordsNothing() throws Exception {
    deploy(tracing -> tracing.mode(Mode.FORWARD), http -> http);
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "b3", TRACE_ID + "-" + SPAN_ID + "-1",
        "x-request-id", REQUEST_ID);

    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.single("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(next.single("x-b3-sampled")).isEqualTo("1");
    assertThat(next.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    assertThat(next.single("b3")).isEqualTo(TRACE_ID + "-" + SPAN_ID + "-1");
    assertThat(next.single("x-request-id")).isEqualTo(REQUEST_ID);
    get("/hello");
    assertThat(spans.spans()).isEmpty();
  }

  // --- path rules ---

  @Test
  void aSkippedPathIsNotTracedButStillForwardsItsHeaders() throws Exception {
    deploy(tracing -> tracing, http -> http.addPathRule(PathRule.skip(path("/downstream"))));
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "x-request-id", REQUEST_ID);

    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.single("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(next.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertNothingElseReported();
  }

  @Test
  void aPathRuleSamplerDecidesForItsPaths() throws Exception {
    deploy(tracing -> tracing, http -> http.addPathRule(PathRule.parse("probability:0.0:" + path("/downstream"))));
    get("/downstream");

    RecordedRequest next = downstreamRequest();
    assertThat(next.single("x-b3-sampled")).isEqualTo("0");
    assertThat(next.single("x-b3-traceid")).isNull();
    assertNothingElseReported();
  }

  // --- asynchronous handling ---

  @Test
  void aRequestCompletedOnAnotherThreadEndsThenAndItsCallsCarryItsContext() throws Exception {
    HttpResponse<String> response = get("/async-downstream", "b3", TRACE_ID + "-" + SPAN_ID + "-1");

    assertThat(response.statusCode()).isEqualTo(202);
    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).as("the status set on the other thread").isEqualTo("202");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(path("/async-downstream"));
    RecordedRequest next = downstreamRequest();
    assertThat(next.single("b3")).isEqualTo(TRACE_ID + "-" + span.spanIdString() + "-1-" + SPAN_ID);
  }
}
