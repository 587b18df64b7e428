package dev.meshtrace.http.conformance;

import static dev.meshtrace.http.conformance.ConformanceHeaders.EXTRA_HEADER;
import static dev.meshtrace.http.conformance.ConformanceHeaders.REQUEST_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpServerHandler;
import dev.meshtrace.http.HttpServerRequest;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every HTTP client adapter keeps, checked against a real {@link LoopbackHttpServer}: what reaches the
 * next hop (byte for byte, replaced never duplicated) and which client spans are recorded, with which parent. An
 * adapter's test extends it and says how to make its traced client ({@link #newClient}) and how it treats
 * redirects ({@link #redirects}); its adapter-specific tests stay beside it.
 */
public abstract class HttpClientConformance {
  protected static final Duration WAIT = Duration.ofSeconds(10);

  /** How an adapter's client answers a {@code 302} to a GET. */
  public enum Redirects {
    /** The 302 is the caller's answer: one span. */
    RETURNED,
    /** The client follows it below the adapter: one span for the call, every hop carrying its headers. */
    FOLLOWED_IN_ONE_SPAN,
    /** The client follows it and the adapter sees each hop: one span per hop, each hop carrying its own. */
    FOLLOWED_SPAN_PER_HOP
  }

  /** Which header values with bytes beyond ASCII an adapter's client can put on the wire unaltered. */
  public enum NonAsciiValues {
    /** Every byte (the client writes one byte per char, as ISO-8859-1). */
    ALL,
    /** Bytes that are UTF-8 (the client writes values as UTF-8, such as OkHttp). */
    UTF8,
    /** None (the client alters them, or how they are written is decided below the adapter). */
    NONE
  }

  /** The client under test, as the suite drives it. Every method sends a GET. */
  public interface TracedClient extends AutoCloseable {
    /**
     * Sends a GET with {@code headers} set by the application and returns the status (error statuses included);
     * throws what the client throws when no response arrives.
     */
    int get(URI uri, Map<String, String> headers) throws Exception;

    /**
     * Sends a GET the adapter's asynchronous way, or returns null when the adapter has none. The returned future
     * completes on the client's own threads.
     */
    default AsyncCall getAsync(URI uri, Map<String, String> headers) {
      return null;
    }

    @Override
    default void close() throws Exception {}
  }

  /** An asynchronous call in flight. */
  public interface AsyncCall {
    /** Completes with the status, or exceptionally with what the client reports. */
    CompletableFuture<Integer> status();

    /** Cancels the call the adapter's way. */
    void cancel();

    /** A call completing {@code status}, cancelled by {@code cancel}. */
    static AsyncCall of(CompletableFuture<Integer> status, Runnable cancel) {
      return new AsyncCall() {
        @Override
        public CompletableFuture<Integer> status() {
          return status;
        }

        @Override
        public void cancel() {
          cancel.run();
        }
      };
    }
  }

  /**
   * What the suite asks of a client: the timeout of each response ({@code null}: the client's default) and the
   * executor to run asynchronous work and callbacks on, for clients that take one.
   */
  public record ClientSettings(Duration responseTimeout, ExecutorService executor) {}

  /** The adapter's client, traced with {@code httpTracing}. */
  protected abstract TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) throws Exception;

  /** How the client under test treats redirects. */
  protected abstract Redirects redirects();

  /**
   * Which forwarded header values with bytes beyond ASCII the adapter sends, byte for byte; the others it leaves
   * out (counting them), and the request still goes out. Default {@link NonAsciiValues#ALL}.
   */
  protected NonAsciiValues nonAsciiValues() {
    return NonAsciiValues.ALL;
  }

  protected final InMemorySpanCollector spans = new InMemorySpanCollector();
  protected LoopbackHttpServer server;
  protected ExecutorService executor;
  protected Tracing tracing;
  protected HttpTracing httpTracing;
  protected TracedClient client;
  /** The orphan calls a test expects; every other test makes none (see {@link #stopServerAndClient}). */
  protected List<OrphanCallCount> expectedOrphanCalls = List.of();

  @BeforeEach
  void startServerAndClient() throws Exception {
    server = new LoopbackHttpServer();
    executor = ConformanceExecutors.newExecutor();
    use(tracing -> tracing, http -> http, null);
  }

  @AfterEach
  void stopServerAndClient() throws Exception {
    try {
      client.close();
      server.close();
    } finally {
      executor.shutdownNow();
    }
    assertThat(tracing.currentTraceContext().get()).as("context left on the test thread").isNull();
    assertThat(tracing.diagnostics().orphanCalls()).as("orphan calls: calls with no trace context while serving")
        .isEqualTo(expectedOrphanCalls);
  }

  /** Replaces the client: tracing and HTTP settings configured by the functions, responses timed out after that. */
  protected void use(UnaryOperator<Tracing.Builder> tracingSettings, UnaryOperator<HttpTracing.Builder> http,
      Duration responseTimeout) throws Exception {
    if (client != null) client.close();
    Propagation propagation = Propagation.newBuilder().addForwardHeader(EXTRA_HEADER).build();
    tracing = tracingSettings.apply(Tracing.newBuilder().serviceName("conformance-client").propagation(propagation))
        .addSpanHandler(spans).build();
    httpTracing = http.apply(HttpTracing.newBuilder(tracing)).build();
    client = newClient(httpTracing, new ClientSettings(responseTimeout, executor));
  }

  /**
   * A started server span of this process continuing the inbound {@code headers}, made by the server handler as a
   * server adapter makes it (so this process now serves traced requests, and a call with no context would be an
   * orphan call). It is never finished, so only client spans are reported.
   */
  protected Span inbound(Map<String, String> headers) {
    return HttpServerHandler.create(httpTracing).handleReceive(new InboundRequest(headers));
  }

  /** An inbound {@code GET /inbound} with {@code headers}. */
  private static final class InboundRequest extends HttpServerRequest {
    private final Map<String, String> headers;

    InboundRequest(Map<String, String> headers) {
      this.headers = headers;
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/inbound";
    }

    @Override
    public String header(String name) {
      for (Map.Entry<String, String> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue();
      }
      return null;
    }

    @Override
    public Object unwrap() {
      return headers;
    }
  }

  /** The inbound B3 multi-header trace with a request ID, sampled. */
  protected Span inboundB3Multi() {
    return inbound(Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "x-request-id", REQUEST_ID));
  }

  /** Sends a GET of {@code path} under {@code parent} (in scope on this thread). */
  protected int get(Span parent, String path, Map<String, String> headers) throws Exception {
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      return client.get(server.uri(path), headers);
    }
  }

  /** What the call under {@code parent} threw. */
  protected Throwable failedGet(Span parent, URI uri) {
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      return catchThrowable(() -> client.get(uri, Map.of()));
    }
  }

  /** Starts an asynchronous GET of {@code path} under {@code parent}; skips the test when the adapter has none. */
  protected AsyncCall getAsync(Span parent, String path) {
    AsyncCall call;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      call = client.getAsync(server.uri(path), Map.of());
    }
    assumeTrue(call != null, "the adapter has no asynchronous API");
    return call;
  }

  protected RecordedRequest takeRequest() throws InterruptedException {
    return server.takeRequest(WAIT);
  }

  protected MutableSpan onlyClientSpan() {
    MutableSpan span = spans.awaitSpans(1, WAIT).get(0);
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.localServiceName()).isEqualTo("conformance-client");
    return span;
  }

  /** Proves no other span was reported: one more traced call is the only span recorded after {@code before}. */
  protected void assertNothingElseReported(int before) throws Exception {
    try (Scope scope = tracing.tracer().withSpanInScope(tracing.tracer().newTrace())) { // never finished
      client.get(server.uri("/after"), Map.of());
    }
    List<MutableSpan> all = spans.awaitSpans(before + 1, WAIT);
    assertThat(all).hasSize(before + 1);
    assertThat(all.get(before).tag(HttpTags.PATH)).isEqualTo("/after");
  }

  // --- what reaches the next hop ---

  @Test
  void sendsTheChildSpansHeadersAndRecordsTheCall() throws Exception {
    Span parent = inboundB3Multi();
    assertThat(get(parent, "/books/7?format=json", Map.of())).isEqualTo(200);

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.spanId()).isNotIn(0L, parent.context().spanId());
    assertThat(received.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(received.single("x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    assertThat(received.single("x-b3-sampled")).isEqualTo("1");
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(received.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(received.single("b3")).as("a format that neither arrived nor is injected by default").isNull();
    assertThat(received.target()).isEqualTo("/books/7?format=json");

    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/7");
    assertThat(span.tag(HttpTags.URL)).as("the query is stripped by default").isEqualTo(server.uri("/books/7").toString());
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.error()).isNull();
    assertThat(span.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(span.remotePort()).isEqualTo(server.port());
    assertThat(span.startTimestamp()).isPositive().isLessThanOrEqualTo(span.finishTimestamp());
  }

  @Test
  void startsANewTraceWhenNoContextIsCurrent() throws Exception {
    client.get(server.uri("/"), Map.of());

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(span.parentId()).isZero();
    assertThat(received.single("x-b3-traceid")).isEqualTo(span.traceIdString()).hasSize(32);
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(received.single("x-b3-parentspanid")).isNull();
    assertThat(received.single("traceparent"))
        .isEqualTo("00-" + span.traceIdString() + "-" + span.spanIdString() + "-01");
  }

  @Test
  void aCallWithNoContextWhileServingTracedRequestsIsAnOrphanCallOfItsAdapterAndDestination() throws Exception {
    inboundB3Multi(); // this process serves traced requests; the call below is not made under it
    client.get(server.uri("/"), Map.of());

    assertThat(takeRequest().single("x-b3-traceid")).as("a new trace").isNotEqualTo(TRACE_ID);
    List<OrphanCallCount> orphans = tracing.diagnostics().orphanCalls();
    assertThat(orphans).singleElement().satisfies(orphan -> {
      assertThat(orphan.host()).isEqualTo("127.0.0.1:" + server.port());
      assertThat(orphan.adapter()).matches("[a-z-]+");
      assertThat(orphan.count()).isEqualTo(1);
    });
    assertThat(tracing.diagnostics().callSites()).singleElement()
        .satisfies(site -> assertThat(site.fix()).isNotBlank());
    expectedOrphanCalls = orphans;
  }

  @Test
  void replacesTheHeadersTheApplicationSetNeverDuplicatingThem() throws Exception {
    Map<String, String> applicationHeaders = new LinkedHashMap<>();
    applicationHeaders.put("X-B3-TraceId", "00000000000000000000000000000bad");
    applicationHeaders.put("X-B3-Sampled", "0");
    applicationHeaders.put("Traceparent", "00-00000000000000000000000000000bad-0000000000000bad-00");
    applicationHeaders.put("X-Request-Id", "set-by-the-application");
    applicationHeaders.put("Baggage", "set=by-the-application");
    applicationHeaders.put("x-app", "kept");
    Span parent = inbound(Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "x-request-id", REQUEST_ID, "baggage", "tenant=blue"));
    get(parent, "/", applicationHeaders);

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(received.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(received.single("x-b3-sampled")).isEqualTo("1");
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(received.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(received.single("baggage")).isEqualTo("tenant=blue");
    assertThat(received.single("x-app")).isEqualTo("kept");
  }

  @Test
  void traceHeadersTheApplicationSetThatOursLeaveOutDoNotReachTheNextHop() throws Exception {
    Map<String, String> applicationHeaders = new LinkedHashMap<>();
    applicationHeaders.put("B3", "00000000000000000000000000000bad-0000000000000bad-1"); // neither received nor injected
    applicationHeaders.put("X-B3-Flags", "1");
    applicationHeaders.put("Tracestate", "stale=00f067aa0ba902b7");
    applicationHeaders.put("x-app", "kept");
    Span parent = inboundB3Multi();
    get(parent, "/", applicationHeaders);

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(received.single("b3")).isNull();
    assertThat(received.single("x-b3-flags")).isNull();
    assertThat(received.single("tracestate")).isNull();
    assertThat(received.single("x-app")).isEqualTo("kept");
  }

  @Test
  void withOnlyW3cInjectedNoB3HeaderTheApplicationSetReachesTheNextHop() throws Exception {
    use(tracing -> tracing.propagation(Propagation.newBuilder().inject(List.of(Format.W3C)).build()), http -> http,
        null);
    Map<String, String> applicationHeaders = new LinkedHashMap<>();
    applicationHeaders.put("b3", "00000000000000000000000000000bad-0000000000000bad-1");
    applicationHeaders.put("X-B3-TraceId", "00000000000000000000000000000bad");
    applicationHeaders.put("X-B3-SpanId", "0000000000000bad");
    applicationHeaders.put("X-B3-Sampled", "1");
    Span parent = inbound(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
    get(parent, "/", applicationHeaders);

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    for (String name : List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled")) {
      assertThat(received.single(name)).as(name).isNull();
    }
  }

  @Test
  void everyForwardedMeshHeaderReachesTheNextHopByteForByte() throws Exception {
    Map<String, String> mesh = ConformanceHeaders.forwardedMeshHeaders();
    Map<String, String> headers = new LinkedHashMap<>(mesh);
    headers.put("b3", TRACE_ID + "-" + SPAN_ID + "-1");
    Span parent = inbound(headers);
    get(parent, "/", Map.of());

    RecordedRequest received = takeRequest();
    for (Map.Entry<String, String> header : mesh.entrySet()) {
      assertThat(received.single(header.getKey())).as(header.getKey()).isEqualTo(header.getValue());
    }
  }

  @Test
  void aForwardedValueOfNonAsciiUtf8BytesReachesTheNextHopByteForByteOrIsLeftOutAsTheClientCan() throws Exception {
    // as a server hands header bytes over: one char per byte received
    String utf8 = new String("tenant=Z\u00fcrich,city=\u6771\u4eac".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "baggage", utf8, EXTRA_HEADER, utf8));
    assertThat(get(parent, "/", Map.of())).isEqualTo(200);

    RecordedRequest received = takeRequest();
    String expected = nonAsciiValues() == NonAsciiValues.NONE ? null : utf8;
    assertThat(received.singleRaw("baggage")).isEqualTo(expected);
    assertThat(received.singleRaw(EXTRA_HEADER)).isEqualTo(expected);
    assertThat(received.single("x-b3-spanid")).isEqualTo(onlyClientSpan().spanIdString());
  }

  @Test
  void aForwardedValueOfBytesThatAreNotUtf8ReachesTheNextHopByteForByteOrIsLeftOutAsTheClientCan()
      throws Exception {
    String latin1 = "tenant=Z\u00fcrich"; // the single byte 0xFC: ISO-8859-1, not UTF-8
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "baggage", latin1,
        "x-request-id", REQUEST_ID));
    assertThat(get(parent, "/", Map.of())).as("the call goes out").isEqualTo(200);

    RecordedRequest received = takeRequest();
    assertThat(received.singleRaw("baggage")).isEqualTo(nonAsciiValues() == NonAsciiValues.ALL ? latin1 : null);
    assertThat(received.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(received.single("x-b3-spanid")).isEqualTo(onlyClientSpan().spanIdString());
  }

  @Test
  void b3SingleInIsB3SingleOutWithTheClientSpan() throws Exception {
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"));
    get(parent, "/", Map.of());

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(received.single("b3"))
        .isEqualTo(TRACE_ID + "-" + span.spanIdString() + "-1-" + parent.context().spanIdString());
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
  }

  @Test
  void w3cInIsW3cOutWithTheTracestateAsItCame() throws Exception {
    Span parent = inbound(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01",
        "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
    get(parent, "/", Map.of());

    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(received.single("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(received.single("x-b3-traceid")).isEqualTo(TRACE_ID);
  }

  @Test
  void anUnsampledInboundTraceIsForwardedAsItCameWithTheDenyInTheConfiguredFormatsAndNothingIsRecorded() throws Exception {
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-0", "x-request-id", REQUEST_ID));
    get(parent, "/", Map.of());

    RecordedRequest received = takeRequest();
    assertThat(received.single("b3")).isEqualTo(TRACE_ID + "-" + SPAN_ID + "-0");
    assertThat(received.single("x-request-id")).isEqualTo(REQUEST_ID);
    // the caller's IDs and the deny in the formats configured by default too, as the b3 header came
    assertThat(received.single("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(received.single("x-b3-sampled")).isEqualTo("0");
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
    assertNothingElseReported(0);
  }

  @Test
  void anUnsampledNewTraceSendsTheDecisionAloneAndRecordsNothing() throws Exception {
    use(tracing -> tracing.sampler(Sampler.NEVER), http -> http, null);
    client.get(server.uri("/"), Map.of());

    RecordedRequest received = takeRequest();
    assertThat(received.single("x-b3-sampled")).isEqualTo("0");
    assertThat(received.single("x-b3-traceid")).isNull();
    assertThat(received.single("traceparent")).isNull();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void forwardModeForwardsTheInboundHeadersByteForByteAndRecordsNothing() throws Exception {
    use(tracing -> tracing.mode(Mode.FORWARD), http -> http, null);
    Span parent = inbound(Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "x-request-id", REQUEST_ID));
    get(parent, "/", Map.of("x-app", "kept"));

    RecordedRequest received = takeRequest();
    assertThat(received.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(received.single("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(received.single("x-b3-sampled")).isEqualTo("1");
    assertThat(received.single("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    assertThat(received.single("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(received.single("x-app")).isEqualTo("kept");
    assertThat(spans.spans()).isEmpty();
  }

  // --- outcomes ---

  @ParameterizedTest
  @ValueSource(ints = {404, 503})
  void statusesFrom400AreErrors(int status) throws Exception {
    assertThat(client.get(server.uri("/status/" + status), Map.of())).isEqualTo(status);

    MutableSpan span = onlyClientSpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo(Integer.toString(status));
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo(Integer.toString(status));
  }

  @Test
  void redirectsAreRecordedAsTheAdapterDeclares() throws Exception {
    Span parent = inboundB3Multi();
    int status = get(parent, "/redirect", Map.of());

    RecordedRequest first = takeRequest();
    switch (redirects()) {
      case RETURNED -> {
        assertThat(status).isEqualTo(302);
        MutableSpan span = onlyClientSpan();
        assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("302");
        assertThat(span.tag(HttpTags.ERROR)).isNull();
        assertThat(first.single("x-b3-spanid")).isEqualTo(span.spanIdString());
      }
      case FOLLOWED_IN_ONE_SPAN -> {
        assertThat(status).isEqualTo(200);
        RecordedRequest second = takeRequest();
        MutableSpan span = onlyClientSpan();
        assertThat(span.parentId()).isEqualTo(parent.context().spanId());
        assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
        assertThat(first.single("x-b3-spanid")).isEqualTo(span.spanIdString());
        assertThat(second.path()).isEqualTo("/hello");
        assertThat(second.single("x-b3-spanid")).isEqualTo(span.spanIdString());
        assertThat(second.single("x-request-id")).isEqualTo(REQUEST_ID);
      }
      case FOLLOWED_SPAN_PER_HOP -> {
        assertThat(status).isEqualTo(200);
        RecordedRequest second = takeRequest();
        List<MutableSpan> hops = spans.awaitSpans(2, WAIT);
        assertThat(hops).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
        assertThat(hops).extracting(span -> span.tag(HttpTags.STATUS_CODE)).containsExactly("302", "200");
        assertThat(first.single("x-b3-spanid")).isEqualTo(hops.get(0).spanIdString());
        assertThat(second.single("x-b3-spanid")).isEqualTo(hops.get(1).spanIdString());
      }
    }
  }

  @Test
  void eachAttemptTheApplicationMakesIsASpanOfItsOwnUnderTheSameParent() throws Exception {
    Span parent = inboundB3Multi();
    get(parent, "/status/503", Map.of());
    get(parent, "/", Map.of());

    RecordedRequest first = takeRequest();
    RecordedRequest second = takeRequest();
    List<MutableSpan> attempts = spans.awaitSpans(2, WAIT);
    assertThat(attempts).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
    assertThat(attempts.get(0).spanId()).isNotEqualTo(attempts.get(1).spanId());
    assertThat(first.single("x-b3-spanid")).isEqualTo(attempts.get(0).spanIdString());
    assertThat(second.single("x-b3-spanid")).isEqualTo(attempts.get(1).spanIdString());
  }

  @Test
  void aRefusedConnectionLeavesOneErrorSpanUnderTheCaller() throws Exception {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/books?id=7");
    }
    Span parent = inboundB3Multi();
    Throwable thrown = failedGet(parent, closedPort);

    assertThat(thrown).as("the call fails").isNotNull();
    MutableSpan span = onlyClientSpan();
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
    assertRecordsTheFailure(span, thrown);
    assertNothingElseReported(1);
  }

  @Test
  void aResponseTimeoutEndsTheSpanWithAnError() throws Exception {
    use(tracing -> tracing, http -> http, Duration.ofMillis(300));
    Span parent = inboundB3Multi();
    Throwable thrown = failedGet(parent, server.uri("/held"));

    assertThat(thrown).as("the call times out").isNotNull();
    RecordedRequest received = takeRequest();
    MutableSpan span = onlyClientSpan();
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
    assertRecordsTheFailure(span, thrown);
  }

  @Test
  void aConnectionClosedWithoutAResponseEndsTheSpanWithAnError() throws Exception {
    Span parent = inboundB3Multi();
    Throwable thrown = failedGet(parent, server.uri("/drop"));

    assertThat(thrown).as("the call fails").isNotNull();
    RecordedRequest received = takeRequest();
    List<MutableSpan> recorded = spans.awaitSpans(1, WAIT);
    MutableSpan last = recorded.get(recorded.size() - 1);
    assertThat(received.single("x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    assertThat(recorded).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
    assertRecordsTheFailure(last, thrown);
  }

  /** The span is an error, and its error is what the caller saw or one of its causes. */
  protected void assertRecordsTheFailure(MutableSpan span, Throwable thrown) {
    assertThat(span.error()).as("the span's error").isNotNull();
    assertThat(span.tag(HttpTags.ERROR)).as("the error tag").isNotNull();
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
    assertThat(chain).as("what the caller saw, with its causes").contains(span.error());
  }

  // --- asynchronous calls ---

  @Test
  void anAsyncCallCompletesOnAnotherThreadWithTheCallersContextOnItsCallbacks() throws Exception {
    Span parent = inboundB3Multi();
    AsyncCall call = getAsync(parent, "/held");
    AtomicReference<TraceContext> seenByCallback = new AtomicReference<>();
    AtomicReference<Thread> callbackThread = new AtomicReference<>();
    CompletableFuture<Integer> dependent = call.status().thenApply(status -> {
      seenByCallback.set(tracing.currentTraceContext().get());
      callbackThread.set(Thread.currentThread());
      return status;
    });
    RecordedRequest received = takeRequest();
    server.release();

    assertThat(dependent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(200);
    MutableSpan span = onlyClientSpan();
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(received.single("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(callbackThread.get()).isNotSameAs(Thread.currentThread());
    assertThat(seenByCallback.get()).as("the context on the callback").isEqualTo(parent.context());
    assertThat(executor.submit(() -> tracing.currentTraceContext().get()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("context left on the client's pooled thread").isNull();
  }

  @Test
  void aCancelledCallFinishesItsSpanOnceAsAnError() throws Exception {
    Span parent = inboundB3Multi();
    AsyncCall call = getAsync(parent, "/held");
    takeRequest();
    call.cancel();

    Throwable outcome = catchThrowable(() -> call.status().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(outcome).as("the cancelled call does not succeed").isInstanceOfAny(
        ExecutionException.class, java.util.concurrent.CancellationException.class);
    MutableSpan span = onlyClientSpan();
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.tag(HttpTags.ERROR)).as("the error tag").isNotNull();
    server.release();
    assertNothingElseReported(1);
  }

  // --- what the span records ---

  @Test
  void listedHeadersAndTheQueryAreRecordedWhenConfigured() throws Exception {
    use(tracing -> tracing,
        http -> http.stripQuery(false).requestHeaderTags(List.of("X-App")).responseHeaderTags(List.of("X-Cache")),
        null);
    client.get(server.uri("/books?id=7"), Map.of("X-App", "blue"));

    MutableSpan span = onlyClientSpan();
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books?id=7");
    assertThat(span.tag(HttpTags.URL)).isEqualTo(server.uri("/books?id=7").toString());
    assertThat(span.tag(HttpTags.REQUEST_HEADER_PREFIX + "x-app")).isEqualTo("blue");
    assertThat(span.tag(HttpTags.RESPONSE_HEADER_PREFIX + "x-cache")).isEqualTo("hit");
  }
}
