package dev.meshtrace.okhttp;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpTracing;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Traces OkHttp clients, 4.12 and 5.x: a client span per attempt on the wire, the trace and mesh headers on every
 * request, and the caller's context kept for enqueued calls.
 *
 * <pre>{@code
 * MeshtraceOkHttp okHttpTracing = MeshtraceOkHttp.create(httpTracing);
 * OkHttpClient client = okHttpTracing.instrument(new OkHttpClient());
 * client.newCall(request).enqueue(okHttpTracing.wrap(callback)); // callback runs under the caller's context
 * }</pre>
 *
 * <p>How it fits together:
 * <ul>
 *   <li>A network interceptor records each attempt that reaches the wire, retries and redirects included, and
 *       writes the headers onto it. It alone never sees a call that fails before the wire.
 *   <li>An application interceptor, first in line, runs once per call around all attempts. It makes the caller's
 *       context current for the rest of the chain and records an error span when the call fails with an exception
 *       no attempt span recorded (refused connection, DNS failure, connect timeout, cancellation). An interceptor
 *       was chosen over an {@code EventListener} for this: it runs on the call's thread, around the network
 *       interceptor, so it can tell whether an attempt span already recorded the failure; and a listener of ours
 *       would have to forward every event to the application's listener, which one compiled against 4.x cannot do
 *       for the events 5.x added.
 *   <li>The caller's context is captured as OkHttp creates each call, on the caller's thread, by wrapping the
 *       client's {@code EventListener.Factory} (the application's listener is still created and used as is). No
 *       {@code Call} is wrapped: OkHttp 5.3 added abstract methods to {@code Call}, so a wrapper compiled against
 *       4.x would fail there.
 * </ul>
 * Configure the client's own event listener before instrumenting it: replacing the factory afterwards loses the
 * capture for enqueued calls (synchronous calls still use the current context).
 */
public final class MeshtraceOkHttp {
  private final CurrentTraceContext currentTraceContext;
  private final TracingApplicationInterceptor applicationInterceptor;
  private final TracingNetworkInterceptor networkInterceptor;
  private final LongAdder refusedHeaders = new LongAdder();

  private MeshtraceOkHttp(HttpTracing httpTracing) {
    Tracing tracing = httpTracing.tracing();
    HttpClientHandler handler = HttpClientHandler.create(httpTracing);
    this.currentTraceContext = tracing.currentTraceContext();
    this.applicationInterceptor =
        new TracingApplicationInterceptor(handler, currentTraceContext, tracing.clock());
    this.networkInterceptor = new TracingNetworkInterceptor(handler, refusedHeaders);
  }

  /** OkHttp tracing with {@code httpTracing}'s settings; build it once and instrument every client with it. */
  public static MeshtraceOkHttp create(HttpTracing httpTracing) {
    return new MeshtraceOkHttp(Objects.requireNonNull(httpTracing, "httpTracing"));
  }

  /**
   * A client sharing {@code client}'s connection pool, dispatcher and settings, traced. A client already
   * instrumented is returned as it is, so no request is traced twice.
   */
  public OkHttpClient instrument(OkHttpClient client) {
    boolean hasApplicationInterceptor = contains(client.interceptors(), TracingApplicationInterceptor.class);
    boolean hasNetworkInterceptor = contains(client.networkInterceptors(), TracingNetworkInterceptor.class);
    boolean capturing = CallerContexts.isCapturing(client.eventListenerFactory());
    if (hasApplicationInterceptor && hasNetworkInterceptor && capturing) return client;
    OkHttpClient.Builder builder = client.newBuilder();
    if (!capturing) {
      builder.eventListenerFactory(CallerContexts.capturing(client.eventListenerFactory(), currentTraceContext));
    }
    if (!hasApplicationInterceptor) builder.interceptors().add(0, applicationInterceptor);
    if (!hasNetworkInterceptor) builder.addNetworkInterceptor(networkInterceptor);
    return builder.build();
  }

  private static boolean contains(List<Interceptor> interceptors, Class<?> type) {
    for (Interceptor interceptor : interceptors) {
      if (type.isInstance(interceptor)) return true;
    }
    return false;
  }

  /**
   * How many headers were left out of requests because OkHttp cannot put their bytes on the wire unaltered: a
   * forwarded value whose bytes are not UTF-8 (OkHttp writes every value as UTF-8). Each such request still went
   * out, without that header.
   */
  public long refusedHeaders() {
    return refusedHeaders.sum();
  }

  /** {@code callback}, run under the context current now: pass it to {@code enqueue}. */
  public Callback wrap(Callback callback) {
    return new TracingCallback(Objects.requireNonNull(callback, "callback"), currentTraceContext);
  }

  /**
   * The application interceptor {@link #instrument} puts first, for clients assembled by hand and for
   * measurement. Without {@code instrument}'s event listener factory it takes the context current when the call
   * runs, which for an enqueued call is not the caller's.
   */
  public Interceptor applicationInterceptor() {
    return applicationInterceptor;
  }

  /** The network interceptor {@link #instrument} adds last: one client span per attempt on the wire. */
  public Interceptor networkInterceptor() {
    return networkInterceptor;
  }
}
