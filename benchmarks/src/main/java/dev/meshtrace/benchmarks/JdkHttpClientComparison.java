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

/**
 * The JDK {@code java.net.http.HttpClient} comparison ({@link OtelClientComparison}): one client
 * ({@link #newClient()}, called {@code plain}) wrapped by meshtrace's {@link TracingHttpClient} in both its
 * configurations and by OpenTelemetry's {@code opentelemetry-java-http-client} library instrumentation. The added time
 * per call is a library's time minus {@code plain}'s. Subclasses choose the client the wrappers wrap.
 */
public abstract class JdkHttpClientComparison extends OtelClientComparison {
  HttpRequest request;
  HttpClient client;
  HttpClient meshtraceClient;
  HttpClient meshtraceOtelHeadersClient;
  HttpClient otelClient;

  /** The client every variant calls through. */
  abstract HttpClient newClient();

  @Override
  final void createClients(String uri) {
    request = HttpRequest.newBuilder(URI.create(uri)).build();
    client = newClient();
    meshtraceClient = TracingHttpClient.create(HttpTracing.create(meshtraceTracing), client);
    meshtraceOtelHeadersClient = TracingHttpClient.create(HttpTracing.create(meshtraceOtelHeadersTracing), client);
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
  public int meshtraceOtelHeaders() throws IOException, InterruptedException {
    return send(meshtraceOtelHeadersClient);
  }

  @Benchmark
  @Override
  public int otel() throws IOException, InterruptedException {
    return send(otelClient);
  }

  private int send(HttpClient httpClient) throws IOException, InterruptedException {
    return httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }
}
