package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/**
 * Synchronous calls, OkHttp's own behaviour: attempts on the wire (redirect hops, retries), failures before the
 * wire, and instrumenting. The rules every client keeps are in {@link OkHttpConformanceTest}.
 */
class MeshtraceOkHttpTest extends OkHttpTracingFixture {

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
  void aForwardedValueOkHttpsCheckedSetterRejectsDoesNotFailTheCallAndGoesOutAsItCame() throws Exception {
    server.enqueue(new MockResponse());
    // "city=Zürich" in UTF-8, as a server hands the bytes over: one char per byte
    String received = new String("city=Z\u00fcrich".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "x-b3-traceid", INBOUND_TRACE_ID, "x-b3-spanid", INBOUND_SPAN_ID, "baggage", received),
        MapCarrier.GETTER);
    Span server = tracing.tracer().serverSpan(extracted, tracing.sampler()).start();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      assertThat(execute(get("/"))).isEqualTo(200);
    }

    assertThat(single(takeRequest(), "baggage")).isEqualTo("city=Z\u00fcrich"); // MockWebServer decodes UTF-8
  }

  @Test
  void instrumentingTwiceTracesEachAttemptOnce() throws Exception {
    MeshtraceOkHttp another = MeshtraceOkHttp.create(HttpTracing.create(tracing));
    OkHttpClient once = another.instrument(client);
    OkHttpClient twice = okHttpTracing.instrument(once);
    assertThat(twice).as("an instrumented client is returned as it is").isSameAs(once);
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
