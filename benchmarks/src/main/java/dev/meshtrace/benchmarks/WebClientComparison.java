package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.webflux.TracingExchangeFilterFunction;
import io.opentelemetry.instrumentation.spring.webflux.v5_3.SpringWebfluxClientTelemetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Spring {@code WebClient} comparison ({@link OtelClientComparison}), each call blocked on by the benchmark's
 * thread: one builder ({@link #newBuilder()}; without a filter it is {@code plain}) with meshtrace's
 * {@link TracingExchangeFilterFunction} in both its configurations or OpenTelemetry's
 * {@code opentelemetry-spring-webflux-5.3} library instrumentation as its filter. The added time per call is a
 * library's time minus {@code plain}'s. Subclasses choose what the exchange goes to.
 */
public abstract class WebClientComparison extends OtelClientComparison {
  String uri;
  WebClient client;
  WebClient meshtraceClient;
  WebClient meshtraceOtelHeadersClient;
  WebClient otelClient;

  /** The builder every variant's client is cloned from. */
  abstract WebClient.Builder newBuilder();

  @Override
  final void createClients(String uri) {
    this.uri = uri;
    WebClient.Builder builder = newBuilder();
    client = builder.clone().build();
    meshtraceClient = builder.clone()
        .filter(TracingExchangeFilterFunction.create(HttpTracing.create(meshtraceTracing))).build();
    meshtraceOtelHeadersClient = builder.clone()
        .filter(TracingExchangeFilterFunction.create(HttpTracing.create(meshtraceOtelHeadersTracing))).build();
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
  public int meshtraceOtelHeaders() {
    return get(meshtraceOtelHeadersClient);
  }

  @Benchmark
  @Override
  public int otel() {
    return get(otelClient);
  }

  private int get(WebClient webClient) {
    return webClient.get().uri(uri).retrieve().toEntity(byte[].class).block().getStatusCode().value();
  }
}
