package dev.meshtrace.examples.bookinfo.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Reads traces back through Zipkin's query API ({@code /api/v2}). */
public final class ZipkinApi {
  private static final TypeReference<List<ZipkinSpan>> TRACE = new TypeReference<>() {};
  private static final TypeReference<List<List<ZipkinSpan>>> TRACES = new TypeReference<>() {};

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  /** {@code baseUrl} is the server's root, such as {@code http://localhost:9411}. */
  public ZipkinApi(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Where Zipkin's UI shows {@code traceId}. */
  public String traceUiUrl(String traceId) {
    return baseUrl + "/zipkin/traces/" + traceId;
  }

  /** Where services POST their spans. */
  public String spansEndpoint() {
    return baseUrl + "/api/v2/spans";
  }

  /** True when {@code /health} answers 200. */
  public boolean isHealthy() {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The spans of {@code traceId}; empty while Zipkin has none of them. */
  public List<ZipkinSpan> trace(String traceId) throws IOException {
    HttpResponse<String> response = get("/api/v2/trace/" + traceId);
    if (response.statusCode() == 404) return List.of();
    return json.readValue(body(response), TRACE);
  }

  /** The traces that have a span of {@code serviceName} in the last {@code lookback}. */
  public List<List<ZipkinSpan>> traces(String serviceName, Duration lookback) throws IOException {
    long now = System.currentTimeMillis();
    return json.readValue(body(get("/api/v2/traces?serviceName=" + serviceName + "&endTs=" + now + "&lookback="
        + lookback.toMillis() + "&limit=1000")), TRACES);
  }

  private static String body(HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException("Zipkin answered " + response.statusCode() + " to " + response.uri());
    }
    return response.body();
  }

  private HttpResponse<String> get(String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while reading from Zipkin", e);
    }
  }
}
