package dev.meshtrace.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RestClient and RestTemplate against a real MockWebServer on loopback, beyond the rules every client keeps (those
 * are in {@link SpringClientConformanceTest}).
 */
class TracingClientHttpRequestInterceptorTest {
  static final String INBOUND_TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String INBOUND_REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final MockWebServer server = new MockWebServer();
  Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  TracingClientHttpRequestInterceptor interceptor =
      TracingClientHttpRequestInterceptor.create(HttpTracing.create(tracing));

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  Span inboundServerSpan() {
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "x-b3-traceid", INBOUND_TRACE_ID, "x-b3-spanid", "a2fb4a1d1a96d312", "x-b3-sampled", "1",
        "x-request-id", INBOUND_REQUEST_ID), MapCarrier.GETTER);
    return tracing.tracer().serverSpan(extracted, tracing.sampler()).name("GET /reviews/{id}").start();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(request).as("request received by the server").isNotNull();
    return request;
  }

  static String single(RecordedRequest request, String name) {
    List<String> values = request.getHeaders().values(name);
    assertThat(values).as("values of %s", name).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }

  @Test
  void aRestClientCallOnAWrappedExecutorServiceIsAChildOfTheSubmitter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService traced = tracing.currentTraceContext().executorService(pool);
      SpringClient.Get get = SpringClient.REST_CLIENT.create(interceptor);
      server.enqueue(new MockResponse.Builder().build());
      server.enqueue(new MockResponse.Builder().build());
      Span parent = inboundServerSpan();
      Future<Integer> submitted;
      CompletableFuture<Integer> supplied;
      try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
        submitted = traced.submit(() -> get.send(uri("/details/0")));
        supplied = CompletableFuture.supplyAsync(() -> get.send(uri("/reviews/0")), traced);
      }

      assertThat(submitted.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(supplied.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(spans.awaitSpans(2, WAIT))
          .allSatisfy(span -> assertThat(span.parentId()).isEqualTo(parent.context().spanId()))
          .extracting(span -> span.tag(HttpTags.PATH)).containsExactlyInAnyOrder("/details/0", "/reviews/0");
      assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
      assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    } finally {
      pool.shutdownNow();
    }
  }
}
