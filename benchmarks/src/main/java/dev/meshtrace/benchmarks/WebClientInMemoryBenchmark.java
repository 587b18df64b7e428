package dev.meshtrace.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The WebClient filters without a network ({@link WebClientComparison}): the exchange copies the request's headers, as
 * a connector does, and answers 200 on the calling thread. Every cost is on the benchmark's thread, so the added time
 * per call can be told apart, which the loopback benchmark's threads do not allow.
 */
@State(Scope.Thread)
public class WebClientInMemoryBenchmark extends WebClientComparison {
  HttpHeaders lastHeaders;

  @Setup
  public void start() throws Exception {
    createAndCheck("http://10.0.0.3:9080/ratings/0");
    otel();
    Inputs.check(lastHeaders.getFirst("traceparent") != null, "OpenTelemetry wrote traceparent");
    meshtrace();
    Inputs.check(lastHeaders.getFirst("x-request-id") != null, "meshtrace forwarded x-request-id");
  }

  @Override
  WebClient.Builder newBuilder() {
    return WebClient.builder().exchangeFunction(request -> {
      HttpHeaders copy = new HttpHeaders();
      copy.addAll(request.headers());
      lastHeaders = copy;
      return Mono.just(ClientResponse.create(HttpStatus.OK).build());
    });
  }

  @TearDown
  public void stop() {
    closeLibraries();
  }
}
