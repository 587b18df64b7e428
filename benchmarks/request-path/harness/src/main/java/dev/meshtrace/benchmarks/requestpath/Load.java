package dev.meshtrace.benchmarks.requestpath;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator, like wrk: {@code concurrency} workers, each sending {@code GET} requests one after
 * another over its own kept-alive HTTP/1.1 connection for a fixed time, recording each request's latency. Each
 * request carries an {@code x-request-id}, as Envoy's do, and no trace context: whether a request is sampled is the
 * service's own decision.
 */
final class Load {
  private final int concurrency;

  Load(int concurrency) {
    this.concurrency = concurrency;
  }

  /** What one phase of load measured at the client. */
  record Result(long requests, long errors, long[] latencyNanos) {
    long percentileNanos(double percentile) {
      if (latencyNanos.length == 0) return 0;
      int index = (int) Math.ceil(percentile / 100 * latencyNanos.length) - 1;
      return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, index))];
    }
  }

  /** Sends to {@code uri} from every worker for {@code duration}. */
  Result run(URI uri, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      long[][] recorded = {new long[1 << 14]};
      int[] count = {0};
      Thread worker = new Thread(() -> {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("x-request-id", UUID.randomUUID().toString()).build();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) errors.incrementAndGet();
          } catch (Exception e) {
            errors.incrementAndGet();
            if (e instanceof InterruptedException) return;
          }
          if (count[0] == recorded[0].length) recorded[0] = Arrays.copyOf(recorded[0], count[0] * 2);
          recorded[0][count[0]++] = System.nanoTime() - start;
        }
        synchronized (latencies) {
          latencies.add(Arrays.copyOf(recorded[0], count[0]));
        }
      }, "load-" + w);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) worker.join();
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(all.length, errors.get(), all);
  }
}
