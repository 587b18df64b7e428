package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** Enqueued calls: spans keep the caller's parent whatever dispatcher thread runs them. */
class MeshtraceOkHttpAsyncTest extends OkHttpTracingFixture {

  /** Completes with the context current inside the callback, or with the failure. */
  static final class ContextRecordingCallback implements Callback {
    final CompletableFuture<TraceContext> contextInCallback = new CompletableFuture<>();
    final Tracer tracer;

    ContextRecordingCallback(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void onResponse(Call call, Response response) {
      response.close();
      contextInCallback.complete(tracer.currentContext());
    }

    @Override
    public void onFailure(Call call, IOException e) {
      contextInCallback.complete(tracer.currentContext());
    }
  }

  @Test
  void eachEnqueuedCallIsAChildOfItsCallerEvenWhenPromotedFromAnotherCallsThread() throws Exception {
    Dispatcher oneAtATime = new Dispatcher();
    oneAtATime.setMaxRequests(1); // the second call waits and is started by the first call's dispatcher thread
    client = client.newBuilder().dispatcher(oneAtATime).build();
    server.enqueue(new MockResponse().setHeadersDelay(200, TimeUnit.MILLISECONDS));
    server.enqueue(new MockResponse());

    Span first = tracing.tracer().newTrace().name("first").start();
    Span second = tracing.tracer().newTrace().name("second").start();
    ContextRecordingCallback firstDone = new ContextRecordingCallback(tracing.tracer());
    ContextRecordingCallback secondDone = new ContextRecordingCallback(tracing.tracer());
    try (Scope scope = tracing.tracer().withSpanInScope(first)) {
      client.newCall(get("/first")).enqueue(firstDone);
    }
    try (Scope scope = tracing.tracer().withSpanInScope(second)) {
      client.newCall(get("/second")).enqueue(secondDone);
    }
    firstDone.contextInCallback.get(10, TimeUnit.SECONDS);
    secondDone.contextInCallback.get(10, TimeUnit.SECONDS);

    List<MutableSpan> attempts = clientSpans(2);
    MutableSpan firstAttempt = attempts.stream().filter(s -> "/first".equals(s.tag("http.path"))).findFirst().get();
    MutableSpan secondAttempt = attempts.stream().filter(s -> "/second".equals(s.tag("http.path"))).findFirst().get();
    assertThat(firstAttempt.traceId()).isEqualTo(first.context().traceId());
    assertThat(firstAttempt.parentId()).isEqualTo(first.context().spanId());
    assertThat(secondAttempt.traceId()).isEqualTo(second.context().traceId());
    assertThat(secondAttempt.parentId()).isEqualTo(second.context().spanId());
    assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(first.context().spanIdString());
    assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(second.context().spanIdString());
  }

  @Test
  void aWrappedCallbackRunsUnderTheCallersContextAndAPlainOneDoesNot() throws Exception {
    server.enqueue(new MockResponse());
    server.enqueue(new MockResponse());
    Span caller = inboundServerSpan();
    ContextRecordingCallback wrapped = new ContextRecordingCallback(tracing.tracer());
    ContextRecordingCallback plain = new ContextRecordingCallback(tracing.tracer());
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      client.newCall(get("/wrapped")).enqueue(okHttpTracing.wrap(wrapped));
      client.newCall(get("/plain")).enqueue(plain);
    }

    assertThat(wrapped.contextInCallback.get(10, TimeUnit.SECONDS)).isEqualTo(caller.context());
    assertThat(plain.contextInCallback.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(clientSpans(2)).extracting(MutableSpan::parentId).containsOnly(caller.context().spanId());
  }

  @Test
  void theApplicationsInterceptorsRunUnderTheCallersContextOnTheDispatcherThread() throws Exception {
    CompletableFuture<TraceContext> seenByInterceptor = new CompletableFuture<>();
    client = okHttpTracing.instrument(new OkHttpClient.Builder().addInterceptor(chain -> {
      seenByInterceptor.complete(tracing.tracer().currentContext());
      return chain.proceed(chain.request());
    }).build());
    server.enqueue(new MockResponse());
    Span caller = inboundServerSpan();
    ContextRecordingCallback done = new ContextRecordingCallback(tracing.tracer());
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      client.newCall(get("/")).enqueue(done);
    }

    done.contextInCallback.get(10, TimeUnit.SECONDS);
    assertThat(seenByInterceptor.get(10, TimeUnit.SECONDS)).isEqualTo(caller.context());
    assertThat(client.interceptors().get(0)).isSameAs(okHttpTracing.applicationInterceptor());
    assertThat(client.networkInterceptors()).last().isSameAs(okHttpTracing.networkInterceptor());
  }

  @Test
  void anEnqueuedCallFailingBeforeTheWireLeavesAnErrorSpanUnderItsCaller() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Span caller = inboundServerSpan();
    ContextRecordingCallback failed = new ContextRecordingCallback(tracing.tracer());
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      client.newCall(new Request.Builder().url("http://127.0.0.1:" + closedPort + "/").build())
          .enqueue(okHttpTracing.wrap(failed));
    }

    assertThat(failed.contextInCallback.get(10, TimeUnit.SECONDS)).isEqualTo(caller.context());
    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.parentId()).isEqualTo(caller.context().spanId());
    assertThat(span.error()).isNotNull();
  }
}
