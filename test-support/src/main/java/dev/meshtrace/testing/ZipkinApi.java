package dev.meshtrace.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Reads what a Zipkin server stored, through its v2 query API. Spans come back as {@link zipkin2.Span}: Zipkin
 * lower-cases span and service names on the way in. Ingestion is asynchronous, so tests wait with
 * {@link #awaitTrace}.
 */
public final class ZipkinApi {
  private final URI baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A client for the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:9411/}). */
  public ZipkinApi(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The spans of a trace ({@code GET /api/v2/trace/{traceId}}); empty when Zipkin has none. */
  public List<Span> trace(String traceId) {
    HttpResponse<byte[]> response = get("api/v2/trace/" + traceId);
    if (response.statusCode() == 404) return List.of();
    return SpanBytesDecoder.JSON_V2.decodeList(checkOk(response).body());
  }

  /**
   * Waits until the trace has at least {@code spanCount} spans and returns them.
   *
   * @throws AssertionError naming what arrived when {@code timeout} passes first
   */
  public List<Span> awaitTrace(String traceId, int spanCount, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Span> spans = trace(traceId);
      if (spans.size() >= spanCount) return spans;
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Trace " + traceId + " has " + spans.size() + " spans in Zipkin after " + timeout
            + ", expected " + spanCount + ": " + spans);
      }
      sleep();
    }
  }

  /** The names of all services with spans ({@code GET /api/v2/services}). */
  public List<String> services() {
    return JsonStrings.parseArray(new String(checkOk(get("api/v2/services")).body(), StandardCharsets.UTF_8));
  }

  private HttpResponse<byte[]> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(10)).build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: GET " + request.uri(), e);
    }
  }

  private static HttpResponse<byte[]> checkOk(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + response.uri() + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Zipkin", e);
    }
  }

  @Override
  public String toString() {
    return "ZipkinApi{" + baseUrl + "}";
  }
}
