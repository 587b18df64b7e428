package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.jdk.httpclient.TracingHttpClient;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole {@code java.net.http.HttpClient} calls (HTTP/1.1, one pooled connection) to a real Jetty over loopback
 * ({@link OtelClientLoopback}): an uninstrumented client ({@code plain}), meshtrace's {@link TracingHttpClient} and
 * OpenTelemetry's {@code opentelemetry-java-http-client} library instrumentation, each wrapping the same client. The
 * added time per call is a library's time minus {@code plain}'s.
 */
@State(Scope.Thread)
public class JdkHttpClientLoopbackBenchmark extends OtelClientLoopback {
  HttpRequest request;
  HttpClient client;
  HttpClient meshtraceClient;
  HttpClient otelClient;

  @Setup
  public void start() throws Exception {
    startAndCheck();
  }

  @Override
  void createClients(String uri) {
    request = HttpRequest.newBuilder(URI.create(uri)).build();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    meshtraceClient = TracingHttpClient.create(HttpTracing.create(meshtraceTracing), client);
    otelClient = JavaHttpClientTelemetry.create(otel).newHttpClient(client);
  }

  @Benchmark
  @Override
  public int plain() throws IOException, InterruptedException {
    return send(client);
  }

  @Benchmark
  @Override
  public int meshtrace() throws IOException, InterruptedException {
    return send(meshtraceClient);
  }

  @Benchmark
  @Override
  public int otel() throws IOException, InterruptedException {
    return send(otelClient);
  }

  private int send(HttpClient httpClient) throws IOException, InterruptedException {
    return httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  @TearDown
  public void stop() throws Exception {
    stopServer();
  }
}
