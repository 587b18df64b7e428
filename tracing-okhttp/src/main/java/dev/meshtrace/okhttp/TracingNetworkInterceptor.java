package dev.meshtrace.okhttp;

import dev.meshtrace.Span;
import dev.meshtrace.http.HttpClientHandler;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A client span for each attempt OkHttp puts on the wire (retries and redirects each get their own), child of the
 * current context, with the propagation and mesh headers written onto the request. The span ends when the response
 * headers arrive or the attempt fails.
 */
final class TracingNetworkInterceptor implements Interceptor {
  private final HttpClientHandler handler;
  private final LongAdder refusedHeaders;

  TracingNetworkInterceptor(HttpClientHandler handler, LongAdder refusedHeaders) {
    this.handler = handler;
    this.refusedHeaders = refusedHeaders;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    OkHttpClientRequest request = new OkHttpClientRequest(chain.request(), refusedHeaders);
    Span span = handler.handleSend(request);
    Request traced = request.build();
    Response response = null;
    Throwable error = null;
    try {
      response = chain.proceed(traced);
      return response;
    } catch (IOException | RuntimeException | Error e) {
      error = e;
      CallState.attemptFailed(e);
      throw e;
    } finally {
      if (!span.isNoop()) {
        handler.handleReceive(new OkHttpClientResponse(request, response, error, chain.connection()), span);
      }
    }
  }

  @Override
  public String toString() {
    return "TracingNetworkInterceptor";
  }
}
