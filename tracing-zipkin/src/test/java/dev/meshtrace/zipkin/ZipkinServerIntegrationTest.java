package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.reporter.Encoding;

/** Two services report one trace to the real Zipkin server, which gives it back unchanged. */
class ZipkinServerIntegrationTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  final String suffix = Long.toHexString(System.nanoTime()); // Zipkin's storage is shared by the whole run
  final String frontendName = "frontend-" + suffix;
  final String backendName = "backend-" + suffix;

  @ParameterizedTest
  @EnumSource(value = Encoding.class, names = {"JSON", "PROTO3"})
  void traceFromTwoServicesReadsBackFromZipkin(Encoding encoding) {
    System.out.println("Zipkin server healthy after " + zipkin.server().startupTime().toMillis() + " ms");
    ZipkinSpanHandler frontendReporter = reporter(encoding);
    ZipkinSpanHandler backendReporter = reporter(encoding);
    Tracing frontend = Tracing.newBuilder().serviceName(frontendName).localIp("10.0.0.1")
        .addSpanHandler(frontendReporter).build();
    Tracing backend = Tracing.newBuilder().serviceName(backendName).localIp("2001:db8::2")
        .addSpanHandler(backendReporter).build();
    long t = System.currentTimeMillis() * 1000;

    Span home = frontend.tracer().newTrace().kind(SpanKind.SERVER).name("get /home").start(t);
    Span call = frontend.tracer().nextSpan(home.context()).kind(SpanKind.CLIENT).name("get /items")
        .remoteServiceName(backendName).tag("http.path", "/items").start(t + 1_000);
    Map<String, String> headers = new HashMap<>();
    frontend.propagation().inject(call.context(), headers, MapCarrier.SETTER);

    TraceContext extracted = backend.propagation().extract(headers, MapCarrier.GETTER);
    Span items = backend.tracer().serverSpan(extracted, backend.sampler()).name("get /items").start(t + 2_000);
    items.remoteIpAndPort("10.0.0.1", 51234);
    Span query = backend.tracer().nextSpan(items.context()).name("select items")
        .tag("db.statement", "SELECT * FROM items WHERE name = \"caf\u00e9\"\\n").start(t + 3_000);
    query.annotate(t + 3_500, "rows fetched");
    query.finish(t + 9_000);
    items.tag("http.status_code", "200").finish(t + 10_000);
    call.finish(t + 11_000);
    home.finish(t + 12_000);

    assertThat(frontendReporter.close(Duration.ofSeconds(10))).isTrue();
    assertThat(backendReporter.close(Duration.ofSeconds(10))).isTrue();

    String traceId = home.context().traceIdString();
    List<zipkin2.Span> trace = zipkin.server().api().awaitTrace(traceId, 4, Duration.ofSeconds(30));

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

    assertThat(zipkin.server().api().services()).contains(frontendName, backendName);
  }

  static ZipkinSpanHandler reporter(Encoding encoding) {
    return ZipkinSpanHandler.newBuilder().endpoint(zipkin.server().spansEndpoint()).encoding(encoding).build();
  }

  static zipkin2.Span spanWithId(List<zipkin2.Span> spans, String id) {
    return spans.stream().filter(span -> span.id().equals(id)).findFirst().orElseThrow();
  }
}
