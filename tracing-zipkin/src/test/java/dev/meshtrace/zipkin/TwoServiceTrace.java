package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.testing.ZipkinApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One trace across two services (a call, its server span, a database query with an annotation, non-ASCII tags,
 * IPv4 and IPv6 endpoints), each service reporting through a handler of its own; then what Zipkin stored of it is
 * checked field by field. Shared by the tests of each way spans reach the real Zipkin server (HTTP, Kafka).
 */
final class TwoServiceTrace {
  private final String suffix = Long.toHexString(System.nanoTime()); // Zipkin's storage is shared by the run
  final String frontendName = "frontend-" + suffix;
  final String backendName = "backend-" + suffix;
  private final long t = System.currentTimeMillis() * 1000;
  private Span home;
  private Span call;
  private Span items;
  private Span query;

  /** Reports the trace through two handlers from {@code reporters} and closes them, asserting nothing was lost. */
  static TwoServiceTrace report(Supplier<ZipkinSpanHandler> reporters) {
    TwoServiceTrace trace = new TwoServiceTrace();
    ZipkinSpanHandler frontendReporter = reporters.get();
    ZipkinSpanHandler backendReporter = reporters.get();
    trace.record(frontendReporter, backendReporter);
    assertThat(frontendReporter.close(Duration.ofSeconds(10))).isTrue();
    assertThat(backendReporter.close(Duration.ofSeconds(10))).isTrue();
    return trace;
  }

  private void record(ZipkinSpanHandler frontendReporter, ZipkinSpanHandler backendReporter) {
    Tracing frontend = Tracing.newBuilder().serviceName(frontendName).localIp("10.0.0.1")
        .addSpanHandler(frontendReporter).build();
    Tracing backend = Tracing.newBuilder().serviceName(backendName).localIp("2001:db8::2")
        .addSpanHandler(backendReporter).build();
    home = frontend.tracer().newTrace().kind(SpanKind.SERVER).name("get /home").start(t);
    call = frontend.tracer().nextSpan(home.context()).kind(SpanKind.CLIENT).name("get /items")
        .remoteServiceName(backendName).tag("http.path", "/items").start(t + 1_000);
    Map<String, String> headers = new HashMap<>();
    frontend.propagation().inject(call.context(), headers, MapCarrier.SETTER);

    TraceContext extracted = backend.propagation().extract(headers, MapCarrier.GETTER);
    items = backend.tracer().serverSpan(extracted, backend.sampler()).name("get /items").start(t + 2_000);
    items.remoteIpAndPort("10.0.0.1", 51234);
    query = backend.tracer().nextSpan(items.context()).name("select items")
        .tag("db.statement", "SELECT * FROM items WHERE name = \"caf\u00e9\"\\n").start(t + 3_000);
    query.annotate(t + 3_500, "rows fetched");
    query.finish(t + 9_000);
    items.tag("http.status_code", "200").finish(t + 10_000);
    call.finish(t + 11_000);
    home.finish(t + 12_000);
  }

  /** Waits (bounded) for the four spans in Zipkin and checks each field that was reported. */
  void assertStoredIn(ZipkinApi api) {
    String traceId = home.context().traceIdString();
    List<zipkin2.Span> trace = api.awaitTrace(traceId, 4, Duration.ofSeconds(30));

    assertThat(trace).hasSize(4).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));
    assertThat(trace)
        .extracting(zipkin2.Span::id, zipkin2.Span::parentId, zipkin2.Span::name, zipkin2.Span::kind,
            zipkin2.Span::localServiceName, zipkin2.Span::timestampAsLong, zipkin2.Span::durationAsLong)
        .containsExactlyInAnyOrder(
            tuple(home.context().spanIdString(), null, "get /home", zipkin2.Span.Kind.SERVER, frontendName,
                t, 12_000L),
            tuple(call.context().spanIdString(), home.context().spanIdString(), "get /items",
                zipkin2.Span.Kind.CLIENT, frontendName, t + 1_000, 10_000L),
            tuple(items.context().spanIdString(), call.context().spanIdString(), "get /items",
                zipkin2.Span.Kind.SERVER, backendName, t + 2_000, 8_000L),
            tuple(query.context().spanIdString(), items.context().spanIdString(), "select items", null,
                backendName, t + 3_000, 6_000L));
    zipkin2.Span storedQuery = spanWithId(trace, query.context().spanIdString());
    assertThat(storedQuery.tags()).containsEntry("db.statement", "SELECT * FROM items WHERE name = \"caf\u00e9\"\\n");
    assertThat(storedQuery.annotations()).extracting(a -> a.timestamp(), a -> a.value())
        .containsExactly(tuple(t + 3_500, "rows fetched"));
    assertThat(storedQuery.localEndpoint().ipv6()).isEqualTo("2001:db8::2");
    zipkin2.Span storedItems = spanWithId(trace, items.context().spanIdString());
    assertThat(storedItems.tags()).containsEntry("http.status_code", "200");
    assertThat(storedItems.remoteEndpoint().ipv4()).isEqualTo("10.0.0.1");
    assertThat(storedItems.remoteEndpoint().portAsInt()).isEqualTo(51234);
    zipkin2.Span storedCall = spanWithId(trace, call.context().spanIdString());
    assertThat(storedCall.remoteServiceName()).isEqualTo(backendName);
    assertThat(storedCall.tags()).containsEntry("http.path", "/items");

    assertThat(api.services()).contains(frontendName, backendName);
  }

  private static zipkin2.Span spanWithId(List<zipkin2.Span> spans, String id) {
    return spans.stream().filter(span -> span.id().equals(id)).findFirst().orElseThrow();
  }
}
