package dev.meshtrace.http;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.util.function.UnaryOperator;

/** A service under test: tracing into an in-memory collector, both HTTP handlers, and a request flow to drive. */
final class HttpHarness {
  final InMemorySpanCollector spans;
  final Tracing tracing;
  final HttpServerHandler server;
  final HttpClientHandler client;

  private HttpHarness(InMemorySpanCollector spans, Tracing tracing, HttpTracing httpTracing) {
    this.spans = spans;
    this.tracing = tracing;
    this.server = HttpServerHandler.create(httpTracing);
    this.client = HttpClientHandler.create(httpTracing);
  }

  /** Default HTTP settings over a tracing configured by {@code tracing} (the collector is added last). */
  static HttpHarness create(UnaryOperator<Tracing.Builder> tracing) {
    return create(tracing, http -> http);
  }

  static HttpHarness create(UnaryOperator<Tracing.Builder> tracing, UnaryOperator<HttpTracing.Builder> http) {
    InMemorySpanCollector spans = new InMemorySpanCollector();
    Tracing built = tracing.apply(Tracing.newBuilder().serviceName("books").localIp("10.0.0.1"))
        .addSpanHandler(spans).build();
    return new HttpHarness(spans, built, http.apply(HttpTracing.newBuilder(built)).build());
  }

  /** Serves {@code request} with a 200 and returns the outbound call made while handling it (answered 200). */
  FakeHttp.ClientRequest serveAndCall(FakeHttp.ServerRequest request) {
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/details/1");
    Span span = server.handleReceive(request);
    try (Scope scope = tracing.tracer().withSpanInScope(span)) {
      Span clientSpan = client.handleSend(outbound);
      client.handleReceive(new FakeHttp.ClientResponse(200), clientSpan);
    } finally {
      server.handleSend(new FakeHttp.ServerResponse(request, 200), span);
    }
    return outbound;
  }

  /** Serves {@code request}, answering with {@code response}, and makes no call. */
  void serve(FakeHttp.ServerRequest request, FakeHttp.ServerResponse response) {
    Span span = server.handleReceive(request);
    try (Scope scope = tracing.tracer().withSpanInScope(span)) {
      // the application's work
    } finally {
      server.handleSend(response, span);
    }
  }
}
