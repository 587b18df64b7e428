package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.http.HttpResources;

/**
 * {@value #REQUESTS} requests, {@value #IN_FLIGHT} at a time, into {@link FanOutApp} on real Tomcat, each with its
 * own trace and request IDs, each calling a real loopback {@link Downstream} once through every client adapter
 * ({@link FanOutApp#CALLS}: RestClient, RestTemplate on a traced executor, OkHttp {@code execute} and
 * {@code enqueue}, the JDK client's {@code send} and {@code sendAsync}, WebClient blocking and as a future), and a
 * real loopback {@link GrpcDownstream} through grpc-java's blocking and future stubs, and once asynchronously
 * across a real Kafka broker (a record published with {@code KafkaTemplate}, consumed by a {@code @KafkaListener}
 * that makes the call). On
 * platform threads (Tomcat's pool) by default; with {@code -Dmeshtrace.test.virtualThreads=true} on JDK 21+ Tomcat
 * and the asynchronous tasks run on virtual threads. Asserted: every call the downstream received carries exactly
 * its own request's trace ID (in {@code X-B3-TraceId} and {@code traceparent}) and {@code x-request-id}, each call
 * once and with a span ID of its own; the context on the request thread afterwards is still its own; no pooled
 * thread (Tomcat's, the application's, OkHttp's dispatcher, the JDK client's executor, Reactor Netty's event loops)
 * holds a context after the run; the spans recorded are exactly one server span and one client span per call,
 * the client spans' IDs being those the downstream saw, plus one PRODUCER span per request and one CONSUMER span
 * per record, the child of its record's PRODUCER span.
 */
class ConcurrentRequestsTest {
  static final int REQUESTS = 10_000;
  static final int IN_FLIGHT = 128;
  static final boolean VIRTUAL = Boolean.getBoolean("meshtrace.test.virtualThreads");

  @Test
  void everyCallCarriesItsOwnRequestsIdsAndNoContextOutlivesItsRequest() throws Exception {
    if (VIRTUAL) assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    int calls = FanOutApp.CALLS.size();
    try (KafkaBroker broker = KafkaBroker.start();
        Downstream downstream = new Downstream(64);
        GrpcDownstream grpcDownstream = new GrpcDownstream(downstream.received);
        ConfigurableApplicationContext app = FanOutApp.start(Map.ofEntries(
            Map.entry("downstream.url", "http://127.0.0.1:" + downstream.port() + "/d"),
            Map.entry("grpc.target", grpcDownstream.target()),
            Map.entry("spring.kafka.bootstrap-servers", broker.bootstrapServers()),
            Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
            Map.entry("meshtrace.zipkin.enabled", false),
            Map.entry("meshtrace.in-memory-collector.enabled", true),
            Map.entry("spring.threads.virtual.enabled", VIRTUAL),
            Map.entry("server.tomcat.threads.max", 64),
            Map.entry("server.tomcat.threads.min-spare", 64),
            Map.entry("server.tomcat.max-connections", 4_096)))) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      InMemorySpanCollector spans = app.getBean(InMemorySpanCollector.class);
      Tracing tracing = app.getBean(Tracing.class);

      List<String> failures = send(port);

      // Per request: its server span, a client span per call, and the Kafka hop's PRODUCER and CONSUMER spans.
      int expectedSpans = REQUESTS * (3 + calls);
      List<MutableSpan> recorded = spans.awaitSpans(expectedSpans, Duration.ofMinutes(5));
      Map<String, Integer> leftOnPools = probePools(app, tracing);
      // Every call once, with its own request's IDs and a span ID of its own.
      Map<String, Downstream.Received> byCall = new HashMap<>();
      List<String> leaks = new ArrayList<>();
      Set<String> spanIdsSeen = new HashSet<>();
      for (Downstream.Received call : downstream.received) {
        String[] path = call.path().split("/"); // "", "d", i, call
        int i = Integer.parseInt(path[2]);
        if (byCall.put(i + "/" + path[3], call) != null) leaks.add("called twice: " + call.path());
        String traceId = traceId(i);
        String traceparent = call.header("traceparent");
        if (!traceId.equals(call.header("x-b3-traceid")) || traceparent == null
            || !traceparent.startsWith("00-" + traceId + "-") || !requestId(i).equals(call.header("x-request-id"))) {
          leaks.add(call.path() + " carried " + call.headers());
        }
        spanIdsSeen.add(call.header("x-b3-spanid"));
      }
      // OkHttp records each attempt on the wire: an attempt on a pooled connection the server had closed fails
      // before reaching it and is retried, leaving an error span of its own. Those are counted apart.
      Set<String> clientSpanIds = new HashSet<>();
      int serverSpans = 0;
      Map<String, Integer> failedAttempts = new java.util.TreeMap<>();
      Map<String, String> producerTraceIds = new HashMap<>(); // by span ID
      List<MutableSpan> consumerSpans = new ArrayList<>();
      for (MutableSpan span : recorded) {
        if (span.kind() == SpanKind.SERVER) serverSpans++;
        if (span.kind() == SpanKind.PRODUCER) producerTraceIds.put(span.spanIdString(), span.traceIdString());
        if (span.kind() == SpanKind.CONSUMER) consumerSpans.add(span);
        if (span.kind() != SpanKind.CLIENT) continue;
        if (span.error() == null) {
          clientSpanIds.add(span.spanIdString());
        } else {
          String url = String.valueOf(span.tag("http.url"));
          failedAttempts.merge(url.substring(url.lastIndexOf('/') + 1), 1, Integer::sum);
        }
      }
      int failed = failedAttempts.values().stream().mapToInt(Integer::intValue).sum();
      List<String> unlinkedConsumers = consumerSpans.stream()
          .filter(span -> !span.traceIdString().equals(producerTraceIds.get(span.parentIdString())))
          .map(span -> span.traceIdString() + "/" + span.parentIdString()).toList();

      assertThat(failures).as("requests that failed or ended under another context").isEmpty();
      assertThat(leaks).as("calls that carried another request's IDs").isEmpty();
      assertThat(byCall).as("every call of every request reached the downstream once")
          .hasSize(REQUESTS * calls);
      assertThat(leftOnPools.values()).as("pooled threads holding a context after the run: %s", leftOnPools)
          .containsOnly(0);
      assertThat(failedAttempts.keySet()).as("only OkHttp retries an attempt").isSubsetOf("okhttp", "okhttp-async");
      assertThat(recorded.size() - failed).as("spans recorded, beside %s failed attempts", failedAttempts)
          .isEqualTo(expectedSpans);
      assertThat(serverSpans).isEqualTo(REQUESTS);
      assertThat(producerTraceIds).as("a PRODUCER span per request's record").hasSize(REQUESTS);
      assertThat(consumerSpans).as("a CONSUMER span per record").hasSize(REQUESTS);
      assertThat(unlinkedConsumers).as("CONSUMER spans not the child of their record's PRODUCER span").isEmpty();
      assertThat(clientSpanIds).as("the client spans are the calls the downstream saw").isEqualTo(spanIdsSeen)
          .hasSize(REQUESTS * calls);

      report(calls, expectedSpans, recorded.size(), failed, leftOnPools);
    }
  }

  /** Sends every request, {@value #IN_FLIGHT} at a time; returns those that did not answer 200 with their own ID. */
  private static List<String> send(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)).build();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      inFlight.acquire();
      String traceId = traceId(i);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fan-out/" + i))
          .timeout(Duration.ofSeconds(120))
          .header("b3", traceId + "-" + String.format(Locale.ROOT, "%016x", 0xabcL + i) + "-1")
          .header("x-request-id", requestId(i))
          .build();
      int index = i;
      answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, error) -> inFlight.release())
          .handle((response, error) -> error != null ? index + ": " + error
              : response.statusCode() == 200 && response.body().equals(traceId) ? null
              : index + ": " + response.statusCode() + " " + response.body()));
    }
    List<String> failures = new ArrayList<>();
    for (CompletableFuture<String> answer : answers) {
      String failure = answer.get(5, TimeUnit.MINUTES);
      if (failure != null) failures.add(failure);
    }
    return failures;
  }

  static String traceId(int i) {
    return String.format(Locale.ROOT, "%016x%016x", 0x7e57L + i, 0x2000L + i);
  }

  static String requestId(int i) {
    return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", i);
  }

  /**
   * For each pool, the number of its threads whose current context is not empty, read on every thread of it: one
   * task per thread, each waiting for all the others, so no thread takes two (and, checked, the threads that
   * served requests are among those read).
   */
  private static Map<String, Integer> probePools(ConfigurableApplicationContext app, Tracing tracing)
      throws Exception {
    Map<String, Integer> left = new LinkedHashMap<>();
    FanOutApp service = app.getBean(FanOutApp.class);
    FanOutApp.Pools pools = app.getBean(FanOutApp.Pools.class);
    if (!VIRTUAL) {
      org.apache.tomcat.util.threads.ThreadPoolExecutor tomcat = (org.apache.tomcat.util.threads.ThreadPoolExecutor)
          ((TomcatWebServer) ((WebServerApplicationContext) app).getWebServer()).getTomcat().getConnector()
              .getProtocolHandler().getExecutor();
      Set<Thread> read = ConcurrentHashMap.newKeySet();
      left.put("Tomcat (" + tomcat.getPoolSize() + " threads)", probe(tomcat, tomcat.getPoolSize(), tracing, read));
      assertThat(read).as("every thread that served a request was read").containsAll(service.requestThreads);
      left.put("application async pool (" + FanOutApp.POOL_THREADS + ")",
          probe(pools.async, FanOutApp.POOL_THREADS, tracing, ConcurrentHashMap.newKeySet()));
    }
    left.put("OkHttp dispatcher (" + FanOutApp.POOL_THREADS + ")",
        probe(pools.okHttpDispatcher, FanOutApp.POOL_THREADS, tracing, ConcurrentHashMap.newKeySet()));
    left.put("JDK client executor (" + FanOutApp.POOL_THREADS + ")",
        probe(pools.jdkClient, FanOutApp.POOL_THREADS, tracing, ConcurrentHashMap.newKeySet()));
    left.put("gRPC channel executor (" + FanOutApp.POOL_THREADS + ")",
        probe(pools.grpcClient, FanOutApp.POOL_THREADS, tracing, ConcurrentHashMap.newKeySet()));
    int loops = 0;
    int loopsWithContext = 0;
    for (io.netty.util.concurrent.EventExecutor loop : HttpResources.get().onClient(true)) {
      loops++;
      TraceContext context = loop.submit(() -> tracing.currentTraceContext().get()).get(30, TimeUnit.SECONDS);
      if (context != null) loopsWithContext++;
    }
    left.put("Reactor Netty event loops (" + loops + ")", loopsWithContext);
    return left;
  }

  private static int probe(Executor pool, int threads, Tracing tracing, Set<Thread> read) throws Exception {
    CyclicBarrier all = new CyclicBarrier(threads);
    List<CompletableFuture<TraceContext>> contexts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      CompletableFuture<TraceContext> context = new CompletableFuture<>();
      pool.execute(() -> {
        read.add(Thread.currentThread());
        TraceContext current = tracing.currentTraceContext().get();
        try {
          all.await(30, TimeUnit.SECONDS);
          context.complete(current);
        } catch (Exception e) {
          context.completeExceptionally(e);
        }
      });
      contexts.add(context);
    }
    int withContext = 0;
    for (Future<TraceContext> context : contexts) {
      if (context.get(60, TimeUnit.SECONDS) != null) withContext++;
    }
    assertThat(read).as("one task on each thread").hasSize(threads);
    return withContext;
  }

  private static void report(int calls, int expectedSpans, int recorded, int failedAttempts,
      Map<String, Integer> leftOnPools) {
    String mode = VIRTUAL ? "virtual threads" : "platform threads";
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(mode, "Java " + Runtime.version().feature(), String.format(Locale.ROOT, "%,d", REQUESTS),
        String.valueOf(IN_FLIGHT), String.format(Locale.ROOT, "%,d", REQUESTS * calls), "0",
        String.format(Locale.ROOT, "%,d / %,d", expectedSpans, recorded - failedAttempts),
        String.valueOf(failedAttempts),
        leftOnPools.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).reduce((a, b) -> a + ", " + b)
            .orElse("-")));
    Report.section(VIRTUAL ? "51-concurrency-virtual" : "50-concurrency-platform",
        "Concurrent requests, every client adapter (" + mode + ")",
        "`ConcurrentRequestsTest`: a Boot 4 service (Tomcat" + (VIRTUAL ? " on virtual threads" : ", 64 threads")
            + ", the starter alone) takes " + String.format(Locale.ROOT, "%,d", REQUESTS) + " requests, "
            + IN_FLIGHT + " in flight, each with its own trace and request IDs, and each calls a loopback server "
            + "once through every client adapter, blocking and asynchronously: " + String.join(", ",
                FanOutApp.CALLS.stream().map(call -> "`" + call + "`").toList()) + "; `kafka` is asynchronous "
            + "across a real Kafka broker (KRaft, `kafka_2.13`): the request publishes a record with "
            + "`KafkaTemplate`, and a `@KafkaListener` of the service (" + FanOutApp.PARTITIONS + " partitions, "
            + FanOutApp.PARTITIONS + " listener threads) makes the call under the record's context; each record's "
            + "CONSUMER span is checked to be the child of its PRODUCER span. A leak is a call that "
            + "carried another request's trace ID (`X-B3-TraceId` or `traceparent`) or `x-request-id`, or a "
            + "request whose thread held another context when it answered. After the run every thread of every "
            + "pool is read for a context left behind. OkHttp records every attempt on the wire: an attempt on a "
            + "pooled connection the downstream had just closed fails and is retried, and its error span is "
            + "counted apart.",
        List.of("threads", "JDK", "requests", "in flight", "downstream calls", "cross-request leaks",
            "spans expected / recorded", "OkHttp attempts retried (error spans)",
            "pooled threads left holding a context"), rows);
  }
}
