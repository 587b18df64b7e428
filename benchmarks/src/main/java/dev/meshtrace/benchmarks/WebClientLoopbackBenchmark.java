package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.webflux.TracingExchangeFilterFunction;
import io.opentelemetry.instrumentation.spring.webflux.v5_3.SpringWebfluxClientTelemetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Whole Spring {@code WebClient} calls over Reactor Netty (one pooled connection) to a real Jetty over loopback
 * ({@link OtelClientLoopback}), blocked on by the benchmark's thread: an uninstrumented client ({@code plain}),
 * meshtrace's {@link TracingExchangeFilterFunction} and OpenTelemetry's {@code opentelemetry-spring-webflux-5.3}
 * library instrumentation, each a filter on the same builder. The added time per call is a library's time minus
 * {@code plain}'s.
 */
@State(Scope.Thread)
public class WebClientLoopbackBenchmark extends OtelClientLoopback {
  ConnectionProvider connections;
  String uri;
  WebClient client;
  WebClient meshtraceClient;
  WebClient otelClient;

  @Setup
  public void start() throws Exception {
    startAndCheck();
  }

  @Override
  void createClients(String uri) {
    this.uri = uri;
    connections = ConnectionProvider.create("bench", 1);
    WebClient.Builder builder = WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create(connections)));
    client = builder.clone().build();
    meshtraceClient = builder.clone()
        .filter(TracingExchangeFilterFunction.create(HttpTracing.create(meshtraceTracing))).build();
    otelClient = builder.clone().filters(SpringWebfluxClientTelemetry.create(otel)::addFilter).build();
  }

  @Benchmark
  @Override
  public int plain() {
    return get(client);
  }

  @Benchmark
  @Override
  public int meshtrace() {
    return get(meshtraceClient);
  }

  @Benchmark
  @Override
  public int otel() {
    return get(otelClient);
  }

  private int get(WebClient webClient) {
    return webClient.get().uri(uri).retrieve().toEntity(byte[].class).block().getStatusCode().value();
  }

  @TearDown
  public void stop() throws Exception {
    stopServer();
    connections.disposeLater().block();
  }
}
