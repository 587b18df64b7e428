package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.TraceContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Runs the application's push promise handler under the context of the call that received the promise. */
final class CallerContextPushPromiseHandler<T> implements HttpResponse.PushPromiseHandler<T> {
  private final HttpResponse.PushPromiseHandler<T> delegate;
  private final CurrentTraceContext currentTraceContext;
  private final TraceContext caller;

  CallerContextPushPromiseHandler(HttpResponse.PushPromiseHandler<T> delegate,
      CurrentTraceContext currentTraceContext, TraceContext caller) {
    this.delegate = delegate;
    this.currentTraceContext = currentTraceContext;
    this.caller = caller;
  }

  @Override
  public void applyPushPromise(HttpRequest initiatingRequest, HttpRequest pushPromiseRequest,
      Function<HttpResponse.BodyHandler<T>, CompletableFuture<HttpResponse<T>>> acceptor) {
    try (Scope scope = currentTraceContext.maybeScope(caller)) {
      delegate.applyPushPromise(initiatingRequest, pushPromiseRequest, acceptor);
    }
  }
}
