package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TracingHttpClient} held to the client conformance suite, asking for HTTP/1.1 and for HTTP/2 (which over
 * plain HTTP offers an h2c upgrade the suite's HTTP/1.1 server declines), following redirects.
 */
@ParameterizedClass
@EnumSource(value = HttpClient.Version.class)
class JdkHttpClientConformanceTest extends HttpClientConformance {
  @Parameter HttpClient.Version version;

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newBuilder()
        .version(version)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(settings.executor())
        .build());
    return new TracedClient() {
      @Override
      public int get(URI uri, Map<String, String> headers) throws Exception {
        return client.send(request(uri, headers, settings), HttpResponse.BodyHandlers.ofString()).statusCode();
      }

      @Override
      public AsyncCall getAsync(URI uri, Map<String, String> headers) {
        CompletableFuture<HttpResponse<String>> sent =
            client.sendAsync(request(uri, headers, settings), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Integer> status = sent.thenApply(HttpResponse::statusCode);
        return AsyncCall.of(status, () -> sent.cancel(true));
      }
    };
  }

  private static HttpRequest request(URI uri, Map<String, String> headers, ClientSettings settings) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    headers.forEach(request::header);
    if (settings.responseTimeout() != null) request.timeout(settings.responseTimeout());
    return request.build();
  }

  @Override
  protected Redirects redirects() {
    return Redirects.FOLLOWED_IN_ONE_SPAN;
  }

  /** The JDK writes HTTP/1.1 header values as US-ASCII: the adapter leaves out (and counts) any other. */
  @Override
  protected NonAsciiValues nonAsciiValues() {
    return NonAsciiValues.NONE;
  }
}
