package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpTracing;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that traces every request of the client it wraps, HTTP/1.1 and HTTP/2 alike: a client
 * span per request, child of the caller's context, with the trace and mesh headers written onto it (replacing any
 * of the same name the application set).
 *
 * <pre>{@code
 * HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newHttpClient());
 * }</pre>
 *
 * <ul>
 *   <li>{@code send} and {@code sendAsync} (with or without a push promise handler) are traced; everything else
 *       (settings, WebSockets, and on JDK 21+ {@code shutdown}/{@code close}) goes to the wrapped client.
 *   <li>The future {@code sendAsync} returns completes under the caller's context: stages the application attaches
 *       run under it on whichever thread the JDK completes the call, and so do {@code *Async} stages given no
 *       executor. Cancelling it cancels the JDK's future (which aborts the exchange); the span ends once, with
 *       the {@code CancellationException} as its error. A push promise handler runs under the caller's context.
 *   <li>Redirects the wrapped client follows ({@code Redirect.NORMAL} or {@code ALWAYS}) happen inside the JDK, so
 *       they are one span: it records the final status, and every hop carries the same headers, since the JDK
 *       copies the request's headers onto the redirected request. Retries the JDK makes internally are likewise
 *       inside the span.
 *   <li>The JDK refuses some header names (such as {@code upgrade} or {@code host}, if configured as forwarded
 *       headers) and values with control characters or beyond Latin-1, and it writes HTTP/1.1 headers as US-ASCII
 *       (every other byte becomes {@code ?}), so a forwarded value with bytes beyond ASCII cannot reach the next hop
 *       unaltered. Such a header is left out, the request still goes out, and the refusal is counted in
 *       {@link #refusedHeaders()}.
 * </ul>
 */
public final class TracingHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final HttpClientHandler handler;
  private final CurrentTraceContext currentTraceContext;
  private final JdkHeaderRules headerRules = new JdkHeaderRules();

  private TracingHttpClient(HttpTracing httpTracing, HttpClient delegate) {
    this.delegate = delegate;
    this.handler = HttpClientHandler.create(httpTracing);
    this.currentTraceContext = httpTracing.tracing().currentTraceContext();
  }

  /** {@code client}, traced with {@code httpTracing}'s settings; a client traced already is returned as it is. */
  public static HttpClient create(HttpTracing httpTracing, HttpClient client) {
    Objects.requireNonNull(httpTracing, "httpTracing");
    Objects.requireNonNull(client, "client");
    if (client instanceof TracingHttpClient) return client;
    return new TracingHttpClient(httpTracing, client);
  }

  /**
   * How many headers were left out so far because the JDK refuses or would alter them (each request went out
   * without it).
   */
  public long refusedHeaders() {
    return headerRules.refused();
  }

  /** The wrapped client. */
  public HttpClient delegate() {
    return delegate;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler)
      throws IOException, InterruptedException {
    JdkClientRequest adapter = new JdkClientRequest(request, headerRules);
    Span span = handler.handleSend(adapter, currentTraceContext.get());
    HttpResponse<T> response = null;
    Throwable error = null;
    try {
      response = delegate.send(adapter.build(), responseBodyHandler);
      return response;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      if (!span.isNoop()) handler.handleReceive(new JdkClientResponse(adapter, response, error), span);
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> responseBodyHandler) {
    return sendAsync(request, responseBodyHandler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> responseBodyHandler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    TraceContext caller = currentTraceContext.get();
    JdkClientRequest adapter = new JdkClientRequest(request, headerRules);
    Span span = handler.handleSend(adapter, caller);
    HttpResponse.PushPromiseHandler<T> pushHandler = pushPromiseHandler == null
        ? null : new CallerContextPushPromiseHandler<>(pushPromiseHandler, currentTraceContext, caller);
    CompletableFuture<HttpResponse<T>> sent;
    try {
      sent = delegate.sendAsync(adapter.build(), responseBodyHandler, pushHandler);
    } catch (RuntimeException | Error e) {
      if (!span.isNoop()) handler.handleReceive(new JdkClientResponse(adapter, null, e), span);
      throw e;
    }
    CallerContextFuture<HttpResponse<T>> result =
        new CallerContextFuture<>(currentTraceContext, caller, sent, sent.defaultExecutor());
    sent.whenComplete((response, error) -> {
      if (!span.isNoop()) handler.handleReceive(new JdkClientResponse(adapter, response, unwrap(error)), span);
      result.completeUnderCallersContext(response, error);
    });
    return result;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  /** Not traced: a WebSocket of the wrapped client. */
  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  // JDK 21 added a lifecycle to HttpClient. Declared here without @Override (this compiles for 17), these override
  // it on 21 and later and forward to the wrapped client; on 17 they do what an HttpClient without one would.

  /** On JDK 21+, shuts the wrapped client down; on 17, nothing. */
  public void shutdown() {
    ClientLifecycle.invoke(delegate, "shutdown");
  }

  /** On JDK 21+, shuts the wrapped client down now; on 17, nothing. */
  public void shutdownNow() {
    ClientLifecycle.invoke(delegate, "shutdownNow");
  }

  /** On JDK 21+, waits for the wrapped client to terminate; on 17, returns false. */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    return ClientLifecycle.awaitTermination(delegate, duration);
  }

  /** On JDK 21+, whether the wrapped client terminated; on 17, false. */
  public boolean isTerminated() {
    return Boolean.TRUE.equals(ClientLifecycle.invoke(delegate, "isTerminated"));
  }

  /** On JDK 21+, closes the wrapped client; on 17, nothing. */
  public void close() {
    ClientLifecycle.invoke(delegate, "close");
  }

  @Override
  public String toString() {
    return "TracingHttpClient(" + delegate + ")";
  }
}
