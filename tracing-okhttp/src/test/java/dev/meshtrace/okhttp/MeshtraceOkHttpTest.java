package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.sampling.Sampler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synchronous calls: what reaches the next hop and what the client spans record, attempt by attempt. */
class MeshtraceOkHttpTest extends OkHttpTracingFixture {

  @Test
  void sendsTheChildSpansHeadersAndRecordsTheAttempt() throws Exception {
    server.enqueue(new MockResponse().setBody("book"));
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      assertThat(execute(get("/books/7?format=json"))).isEqualTo(200);
    }

    MutableSpan span = clientSpans(1).get(0);
    RecordedRequest received = takeRequest();
    assertThat(span.traceIdString()).isEqualTo(INBOUND_TRACE_ID);
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.spanId()).isNotEqualTo(parent.context().spanId());
    assertThat(single(received, "x-b3-traceid")).isEqualTo(INBOUND_TRACE_ID);
    assertThat(single(received, "x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(single(received, "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    assertThat(single(received, "x-b3-sampled")).isEqualTo("1");
    assertThat(single(received, "traceparent"))
        .isEqualTo("00-" + INBOUND_TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    assertThat(single(received, "b3")).as("no format that did not arrive and is not a default").isNull();
    assertThat(received.getPath()).isEqualTo("/books/7?format=json");

    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/7");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(span.remotePort()).isEqualTo(server.getPort());
    assertThat(span.startTimestamp()).isPositive();
    assertThat(span.finishTimestamp()).isGreaterThanOrEqualTo(span.startTimestamp());
  }

  @Test
  void startsANewTraceWhenNoContextIsCurrent() throws Exception {
    server.enqueue(new MockResponse());
    execute(get("/"));

    MutableSpan span = clientSpans(1).get(0);
    RecordedRequest received = takeRequest();
    assertThat(span.parentId()).isZero();
    assertThat(single(received, "x-b3-traceid")).isEqualTo(span.traceIdString()).hasSize(32);
    assertThat(single(received, "x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(single(received, "x-b3-parentspanid")).isNull();
    assertThat(single(received, "traceparent"))
        .isEqualTo("00-" + span.traceIdString() + "-" + span.spanIdString() + "-01");
  }

  @Test
  void replacesTraceHeadersTheApplicationSetAndKeepsItsOtherHeaders() throws Exception {
    server.enqueue(new MockResponse());
    Request request = new Request.Builder().url(url("/"))
        .header("X-B3-TraceId", "00000000000000000000000000000bad")
        .header("X-B3-Sampled", "0")
        .header("Traceparent", "00-00000000000000000000000000000bad-0000000000000bad-00")
        .header("X-Request-Id", "set-by-the-application")
        .header("x-app", "kept")
        .build();
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      execute(request);
    }

    MutableSpan span = clientSpans(1).get(0);
    RecordedRequest received = takeRequest();
    assertThat(single(received, "x-b3-traceid")).isEqualTo(INBOUND_TRACE_ID);
    assertThat(single(received, "x-b3-sampled")).isEqualTo("1");
    assertThat(single(received, "traceparent"))
        .isEqualTo("00-" + INBOUND_TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    assertThat(single(received, "x-app")).isEqualTo("kept");
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 503})
  void statusesFrom400AreErrors(int status) throws Exception {
    server.enqueue(new MockResponse().setResponseCode(status));
    assertThat(execute(get("/missing"))).isEqualTo(status);

    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo(Integer.toString(status));
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo(Integer.toString(status));
  }

  @Test
  void eachRedirectHopIsAnAttemptWithItsOwnSpanId() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/moved"));
    server.enqueue(new MockResponse().setBody("here"));
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      assertThat(execute(get("/old"))).isEqualTo(200);
    }

    List<MutableSpan> attempts = clientSpans(2);
    assertThat(attempts).hasSize(2);
    assertThat(attempts).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
    assertThat(attempts).extracting(s -> s.tag(HttpTags.PATH)).containsExactly("/old", "/moved");
    assertThat(attempts).extracting(s -> s.tag(HttpTags.STATUS_CODE)).containsExactly("302", "200");
    assertThat(single(takeRequest(), "x-b3-spanid")).isEqualTo(attempts.get(0).spanIdString());
    assertThat(single(takeRequest(), "x-b3-spanid")).isEqualTo(attempts.get(1).spanIdString());
  }

  @Test
  void aRetryAfterAConnectionFailureIsASecondAttempt() throws Exception {
    server.enqueue(new MockResponse().setBody("first").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
    server.enqueue(new MockResponse().setBody("retried"));
    execute(get("/warm-up")); // pools a connection the server has closed: the next request fails on it, then retries
    takeRequest();
    spans.clear();

    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      assertThat(execute(get("/books"))).isEqualTo(200);
    }

    List<MutableSpan> attempts = clientSpans(2);
    assertThat(attempts).hasSize(2);
    assertThat(attempts).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
    assertThat(attempts.get(0).error()).isInstanceOf(IOException.class);
    assertThat(attempts.get(0).tag(HttpTags.ERROR)).isNotNull();
    assertThat(attempts.get(0).tag(HttpTags.STATUS_CODE)).isNull();
    assertThat(attempts.get(1).tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(attempts.get(1).tag(HttpTags.ERROR)).isNull();
    assertThat(attempts.get(0).spanId()).isNotEqualTo(attempts.get(1).spanId());
  }

  @Test
  void anIoErrorOnTheWireEndsTheAttemptWithAnErrorAndNoSecondSpan() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    Span parent = inboundServerSpan();
    Throwable thrown;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      thrown = catchThrowable(() -> execute(get("/books")));
    }

    assertThat(takeRequest().getHeader("x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    MutableSpan span = clientSpans(1).get(0);
    assertThat(spans.spans()).hasSize(1);
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(span.error()).isSameAs(thrown);
    assertThat(span.remotePort()).isEqualTo(server.getPort());
  }

  @Test
  void aReadTimeoutEndsTheAttemptWithAnError() throws Exception {
    client = client.newBuilder().readTimeout(200, TimeUnit.MILLISECONDS).build();
    server.enqueue(new MockResponse().setHeadersDelay(1, TimeUnit.SECONDS));
    Throwable thrown = catchThrowable(() -> execute(get("/slow")));

    assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.error()).isSameAs(thrown);
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo(thrown.getMessage());
  }

  @Test
  void aRefusedConnectionLeavesAnErrorSpanUnderTheCaller() throws Exception {
    HttpUrl closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/books?id=7");
    }
    Span parent = inboundServerSpan();
    Throwable thrown;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      thrown = catchThrowable(() -> execute(new Request.Builder().url(closedPort).build()));
    }

    MutableSpan span = clientSpans(1).get(0);
    assertThat(spans.spans()).hasSize(1);
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.traceIdString()).isEqualTo(INBOUND_TRACE_ID);
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
    assertThat(thrown).isInstanceOf(ConnectException.class);
    assertThat(span.error()).isSameAs(thrown);
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo(thrown.getMessage());
    assertThat(span.startTimestamp()).isPositive().isLessThanOrEqualTo(span.finishTimestamp());
  }

  @Test
  void aConnectTimeoutLeavesAnErrorSpanTimedFromTheCallsStart() throws Exception {
    client = client.newBuilder().connectTimeout(300, TimeUnit.MILLISECONDS).build();
    Throwable thrown;
    try (UnresponsivePort port = new UnresponsivePort()) {
      Request request = new Request.Builder().url("http://127.0.0.1:" + port.port() + "/ratings/0").build();
      thrown = catchThrowable(() -> execute(request));
    }

    assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
    MutableSpan span = clientSpans(1).get(0);
    assertThat(spans.spans()).hasSize(1);
    assertThat(span.error()).isSameAs(thrown);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/ratings/0");
    assertThat(span.duration()).as("microseconds, from the call's start").isGreaterThanOrEqualTo(250_000);
  }

  @Test
  void aNameThatDoesNotResolveLeavesAnErrorSpan() {
    client = client.newBuilder().dns(hostname -> {
      throw new UnknownHostException(hostname + ": no such host");
    }).build();
    assertThatThrownBy(() -> execute(new Request.Builder().url("http://reviews.invalid/reviews/1").build()))
        .isInstanceOf(UnknownHostException.class);

    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.error()).isInstanceOf(UnknownHostException.class);
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo("reviews.invalid: no such host");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/reviews/1");
  }

  @Test
  void aCallCancelledBeforeItRunsLeavesAnErrorSpan() {
    Call call = client.newCall(get("/never"));
    call.cancel();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class).hasMessage("Canceled");

    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo("Canceled");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCallCancelledOnTheWireLeavesOneErrorSpan() throws Exception {
    server.enqueue(new MockResponse().setHeadersDelay(2, TimeUnit.SECONDS));
    Call call = client.newCall(get("/slow"));
    Thread canceller = new Thread(() -> {
      try {
        takeRequest();
        call.cancel();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class);
    canceller.join();

    MutableSpan span = clientSpans(1).get(0);
    assertThat(spans.spans()).hasSize(1);
    assertThat(span.error()).isInstanceOf(IOException.class);
    assertThat(span.remotePort()).isEqualTo(server.getPort());
  }

  @Test
  void anUnsampledNewTraceSendsTheDecisionAndRecordsNothing() throws Exception {
    useTracing(Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build());
    server.enqueue(new MockResponse());
    execute(get("/"));

    RecordedRequest received = takeRequest();
    assertThat(single(received, "x-b3-sampled")).isEqualTo("0");
    assertThat(received.getHeader("x-b3-traceid")).isNull();
    assertThat(received.getHeader("traceparent")).isNull();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void anUnsampledInboundTraceIsForwardedAsItCameWithTheDenyInTheConfiguredFormatsAndRecordsNothing()
      throws Exception {
    server.enqueue(new MockResponse());
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "b3", INBOUND_TRACE_ID + "-" + INBOUND_SPAN_ID + "-0",
        "x-request-id", INBOUND_REQUEST_ID), MapCarrier.GETTER);
    Span server = tracing.tracer().serverSpan(extracted, tracing.sampler()).start();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      execute(get("/"));
    }

    RecordedRequest received = takeRequest();
    assertThat(single(received, "b3")).isEqualTo(INBOUND_TRACE_ID + "-" + INBOUND_SPAN_ID + "-0");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    // the caller's IDs and deny in the formats configured by default, as the b3 header came
    assertThat(single(received, "x-b3-spanid")).isEqualTo(INBOUND_SPAN_ID);
    assertThat(single(received, "x-b3-sampled")).isEqualTo("0");
    assertThat(single(received, "traceparent")).isEqualTo("00-" + INBOUND_TRACE_ID + "-" + INBOUND_SPAN_ID + "-00");
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void forwardModeRecordsNothingAndForwardsTheInboundHeaders() throws Exception {
    useTracing(Tracing.newBuilder().mode(Mode.FORWARD).addSpanHandler(spans).build());
    server.enqueue(new MockResponse());
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      execute(get("/"));
    }

    RecordedRequest received = takeRequest();
    assertThat(single(received, "x-b3-traceid")).isEqualTo(INBOUND_TRACE_ID);
    assertThat(single(received, "x-b3-spanid")).isEqualTo(INBOUND_SPAN_ID);
    assertThat(single(received, "x-b3-sampled")).isEqualTo("1");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aForwardedValueOkHttpWouldRejectDoesNotFailTheCall() throws Exception {
    server.enqueue(new MockResponse());
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "x-b3-traceid", INBOUND_TRACE_ID, "x-b3-spanid", INBOUND_SPAN_ID, "baggage", "city=Zürich"),
        MapCarrier.GETTER);
    Span server = tracing.tracer().serverSpan(extracted, tracing.sampler()).start();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      assertThat(execute(get("/"))).isEqualTo(200);
    }

    assertThat(single(takeRequest(), "baggage")).isEqualTo("city=Zürich");
  }

  @Test
  void instrumentingTwiceTracesEachAttemptOnce() throws Exception {
    MeshtraceOkHttp another = MeshtraceOkHttp.create(HttpTracing.create(tracing));
    OkHttpClient twice = okHttpTracing.instrument(another.instrument(client));
    assertThat(twice.interceptors()).hasSize(1);
    assertThat(twice.networkInterceptors()).hasSize(1);
    client = twice;
    server.enqueue(new MockResponse());
    execute(get("/"));

    assertThat(clientSpans(1)).hasSize(1);
    assertThat(spans.spans()).hasSize(1);
  }

  @Test
  void theApplicationsEventListenerStillGetsEveryEvent() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    EventListener listener = new EventListener() {
      @Override
      public void callStart(Call call) {
        events.add("callStart");
      }

      @Override
      public void responseHeadersEnd(Call call, Response response) {
        events.add("responseHeadersEnd");
      }

      @Override
      public void callEnd(Call call) {
        events.add("callEnd");
      }
    };
    client = okHttpTracing.instrument(new OkHttpClient.Builder().eventListener(listener).build());
    server.enqueue(new MockResponse());
    execute(get("/"));

    assertThat(events).containsExactly("callStart", "responseHeadersEnd", "callEnd");
    assertThat(clientSpans(1)).hasSize(1);
  }

  @Test
  void callsFromAClientDerivedFromAnInstrumentedOneAreTraced() throws Exception {
    client = client.newBuilder().connectTimeout(1, TimeUnit.SECONDS).build();
    server.enqueue(new MockResponse());
    assertThat(execute(get("/"))).isEqualTo(200);

    assertThat(clientSpans(1)).hasSize(1);
  }
}
