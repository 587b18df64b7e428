package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls made on another thread keep the trace when the work went through the core's executor wrappers. */
class ContextAcrossThreadsTest extends OkHttpTracingFixture {
  final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void aCallSubmittedToAWrappedExecutorServiceIsAChildOfTheSubmitter() throws Exception {
    ExecutorService traced = tracing.currentTraceContext().executorService(pool);
    server.enqueue(new MockResponse());
    Span caller = inboundServerSpan();
    Future<Integer> status;
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      status = traced.submit(() -> execute(get("/details/0")));
    }

    assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    assertChildOf(caller);
  }

  @Test
  void aCallInSupplyAsyncOnAWrappedExecutorIsAChildOfTheCaller() throws Exception {
    Executor traced = tracing.currentTraceContext().executor(pool);
    server.enqueue(new MockResponse());
    Span caller = inboundServerSpan();
    CompletableFuture<Integer> status;
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      status = CompletableFuture.supplyAsync(() -> {
        try {
          return execute(get("/details/0"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, traced);
    }

    assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    assertChildOf(caller);
  }

  @Test
  void withoutTheWrapperTheCallStartsAnotherTrace() throws Exception {
    server.enqueue(new MockResponse());
    Span caller = inboundServerSpan();
    Future<Integer> status;
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      status = pool.submit(() -> execute(get("/details/0")));
    }

    assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.traceIdString()).isNotEqualTo(INBOUND_TRACE_ID);
    assertThat(span.parentId()).isZero();
  }

  private void assertChildOf(Span caller) throws InterruptedException {
    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.traceIdString()).isEqualTo(INBOUND_TRACE_ID);
    assertThat(span.parentId()).isEqualTo(caller.context().spanId());
    assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(caller.context().spanIdString());
  }
}
