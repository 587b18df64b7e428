package dev.meshtrace.okhttp;

import static dev.meshtrace.http.conformance.ConformanceHeaders.EXTRA_HEADER;
import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import dev.meshtrace.http.conformance.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** An instrumented OkHttp client (4.12, and 5.x in the okhttp5 run) held to the client conformance suite. */
class OkHttpConformanceTest extends HttpClientConformance {
  MeshtraceOkHttp okHttpTracing;
  OkHttpClient okHttpClient;

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    MeshtraceOkHttp okHttpTracing = MeshtraceOkHttp.create(httpTracing);
    this.okHttpTracing = okHttpTracing;
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dispatcher(new Dispatcher(settings.executor()));
    if (settings.responseTimeout() != null) {
      builder.readTimeout(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    OkHttpClient client = okHttpTracing.instrument(builder.build());
    this.okHttpClient = client;
    return new TracedClient() {
      @Override
      public int get(URI uri, Map<String, String> headers) throws IOException {
        try (Response response = client.newCall(request(uri, headers)).execute()) {
          response.body().string();
          return response.code();
        }
      }

      @Override
      public AsyncCall getAsync(URI uri, Map<String, String> headers) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Call call = client.newCall(request(uri, headers));
        call.enqueue(okHttpTracing.wrap(new Callback() {
          @Override
          public void onResponse(Call call, Response response) {
            try (response) {
              status.complete(response.code());
            }
          }

          @Override
          public void onFailure(Call call, IOException e) {
            status.completeExceptionally(e);
          }
        }));
        return AsyncCall.of(status, call::cancel);
      }

      @Override
      public void close() {
        client.connectionPool().evictAll();
      }
    };
  }

  private static Request request(URI uri, Map<String, String> headers) {
    Request.Builder request = new Request.Builder().url(uri.toString());
    headers.forEach(request::header);
    return request.build();
  }

  @Override
  protected Redirects redirects() {
    return Redirects.FOLLOWED_SPAN_PER_HOP;
  }

  /** OkHttp writes every header value as UTF-8: bytes that are not UTF-8 cannot reach the wire unaltered. */
  @Override
  protected NonAsciiValues nonAsciiValues() {
    return NonAsciiValues.UTF8;
  }

  @Test
  void aForwardedValueOkHttpCannotCarryIsCountedAndTheApplicationsNonAsciiHeadersGoAsTheySet() throws Exception {
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "baggage", "tenant=Z\u00fcrich",
        EXTRA_HEADER, "caf\u00e9"));
    Request request = new Request.Builder().url(server.uri("/").toString())
        .headers(new Headers.Builder().addUnsafeNonAscii("x-app", "Z\u00fcrich").build()).build();
    try (Scope scope = tracing.tracer().withSpanInScope(parent);
        Response response = okHttpClient.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    RecordedRequest received = takeRequest();
    assertThat(okHttpTracing.refusedHeaders()).isEqualTo(2);
    assertThat(received.singleRaw("baggage")).isNull();
    assertThat(received.singleRaw(EXTRA_HEADER)).isNull();
    assertThat(received.single("x-app")).as("as OkHttp writes it: UTF-8").isEqualTo("Z\u00fcrich");
    assertThat(received.single("x-b3-spanid")).isEqualTo(onlyClientSpan().spanIdString());
  }
}
