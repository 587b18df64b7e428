package dev.meshtrace.okhttp;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** An instrumented OkHttp client (4.12, and 5.x in the okhttp5 run) held to the client conformance suite. */
class OkHttpConformanceTest extends HttpClientConformance {

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    MeshtraceOkHttp okHttpTracing = MeshtraceOkHttp.create(httpTracing);
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dispatcher(new Dispatcher(settings.executor()));
    if (settings.responseTimeout() != null) {
      builder.readTimeout(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    OkHttpClient client = okHttpTracing.instrument(builder.build());
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
}
