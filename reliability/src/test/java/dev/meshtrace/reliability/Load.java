package dev.meshtrace.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Requests at a fixed concurrency against the service, as a caller with no trace context of its own: counts the
 * requests that did not answer 200 (application errors) and collects the trace ID of each answered one from its
 * {@code traceresponse} header.
 */
final class Load {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  final int requests;
  final AtomicInteger errors = new AtomicInteger();
  final Queue<String> traceIds = new ConcurrentLinkedQueue<>();
  final List<Long> latenciesMicros = new ArrayList<>();

  private Load(int requests) {
    this.requests = requests;
  }

  /**
   * Sends {@code requests} {@code GET path + i} requests from {@code concurrency} threads and waits for all;
   * {@code afterEach} runs on the sending thread after each answer (to sample gauges under load).
   */
  static Load run(int port, String path, int requests, int concurrency, IntConsumer afterEach) throws Exception {
    Load load = new Load(requests);
    AtomicInteger next = new AtomicInteger();
    List<Long> latencies = java.util.Collections.synchronizedList(load.latenciesMicros);
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        workers.add(threads.submit(() -> {
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            long start = System.nanoTime();
            try {
              HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + path + i)).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) load.errors.incrementAndGet();
              response.headers().firstValue("traceresponse").map(value -> value.split("-")[1])
                  .ifPresent(load.traceIds::add);
            } catch (Exception e) {
              load.errors.incrementAndGet();
            }
            latencies.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
            afterEach.accept(i);
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) worker.get(5, TimeUnit.MINUTES);
    } finally {
      threads.shutdownNow();
    }
    return load;
  }

  /** The latency at {@code percentile} (0–100), in milliseconds with one decimal. */
  String percentileMillis(double percentile) {
    List<Long> sorted = new ArrayList<>(latenciesMicros);
    sorted.sort(null);
    if (sorted.isEmpty()) return "-";
    long micros = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100 * sorted.size()) - 1));
    return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
  }
}
