package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.servlet.TracingFilter;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 10b: whole requests through a real Jetty 12 (ee10) over loopback, one kept-alive connection, to a
 * servlet that answers {@code ok}: without a tracing filter ({@code plain}), with meshtrace's, and with Brave's.
 * The throughput cost of a filter is {@code plain} time divided by its time. Requests carry what a sidecar sends
 * ({@link Inputs#meshRequest()}).
 */
@State(Scope.Benchmark)
public class ServletContainerBenchmark extends PeerComparison {
  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.braveForMesh(braveSpans);

  final byte[] plainRequest = LoopbackHttpClient.request("/plain/items", Inputs.meshRequest());
  final byte[] meshtraceRequest = LoopbackHttpClient.request("/meshtrace/items", Inputs.meshRequest());
  final byte[] braveRequest = LoopbackHttpClient.request("/brave/items", Inputs.meshRequest());

  LoopbackServer server;
  LoopbackHttpClient client;

  @Setup
  public void start() throws Exception {
    Map<String, Filter> filters = new LinkedHashMap<>();
    filters.put("/plain", null);
    filters.put("/meshtrace", TracingFilter.create(HttpTracing.create(meshtraceTracing)));
    filters.put("/brave", brave.jakarta.servlet.TracingFilter.create(braveTracing));
    server = new LoopbackServer(filters);
    client = new LoopbackHttpClient(server.port());
    Inputs.check(plain() == 200 && meshtrace() == 200 && brave() == 200, "every path answers 200");
    awaitOneSpan(() -> meshtraceSpans.count, "meshtrace");
    awaitOneSpan(() -> braveSpans.count, "Brave");
  }

  @Benchmark
  public int plain() throws IOException {
    return client.exchange(plainRequest);
  }

  @Benchmark
  public int meshtrace() throws IOException {
    return client.exchange(meshtraceRequest);
  }

  @Benchmark
  public int brave() throws IOException {
    return client.exchange(braveRequest);
  }

  @TearDown
  public void stop() throws Exception {
    client.close();
    server.stop();
    braveTracing.close();
  }

  /** The span of a request may finish just after its response was sent. */
  private static void awaitOneSpan(LongSupplier count, String library) throws InterruptedException {
    for (int i = 0; i < 200 && count.getAsLong() == 0; i++) Thread.sleep(10);
    Inputs.check(count.getAsLong() == 1, library + " reported " + count.getAsLong() + " spans for one request");
  }
}
