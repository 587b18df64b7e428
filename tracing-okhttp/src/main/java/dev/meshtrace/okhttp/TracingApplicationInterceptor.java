package dev.meshtrace.okhttp;

import dev.meshtrace.Clock;
import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpClientHandler;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs once per call, around all of its attempts: makes the caller's context current for the rest of the chain
 * (enqueued calls run on a dispatcher thread, where it is not), and leaves an error span for a call that failed
 * without an attempt span saying why: refused connections, DNS failures, connect timeouts, cancellation before
 * the wire, or a retry that never reached it.
 */
final class TracingApplicationInterceptor implements Interceptor {
  private final HttpClientHandler handler;
  private final CurrentTraceContext currentTraceContext;
  private final Clock clock;

  TracingApplicationInterceptor(HttpClientHandler handler, CurrentTraceContext currentTraceContext, Clock clock) {
    this.handler = handler;
    this.currentTraceContext = currentTraceContext;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    TraceContext parent = CallerContexts.take(chain.call(), currentTraceContext);
    long startNanos = clock.nanoTime();
    Request request = chain.request();
    CallState state = CallState.enter();
    try (Scope scope = currentTraceContext.maybeScope(parent)) {
      return chain.proceed(request);
    } catch (IOException | RuntimeException | Error e) {
      if (!state.recorded(e)) recordFailedCall(request, parent, e, startNanos);
      throw e;
    } finally {
      state.exit();
    }
  }

  private void recordFailedCall(Request request, TraceContext parent, Throwable error, long startNanos) {
    OkHttpClientRequest adapter = OkHttpClientRequest.readOnly(request);
    long elapsedMicros = (clock.nanoTime() - startNanos) / 1_000L;
    handler.handleFailure(adapter, parent, new OkHttpClientResponse(adapter, null, error, null), elapsedMicros);
  }

  @Override
  public String toString() {
    return "TracingApplicationInterceptor";
  }
}
