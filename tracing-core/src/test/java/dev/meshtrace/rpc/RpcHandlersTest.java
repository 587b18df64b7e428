package dev.meshtrace.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanInternals;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.PathRule;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpcHandlersTest {
  static final String TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";
  static final String CALLER_SPAN = "e457b5a2e4d86bd1";

  final InMemorySpanCollector spans = new InMemorySpanCollector();

  Tracing tracing(UnaryOperator<Tracing.Builder> config) {
    return config.apply(Tracing.newBuilder().serviceName("ratings")).addSpanHandler(spans).build();
  }

  /** Serves {@code request} ending with {@code status}, making one outbound call meanwhile; returns its metadata. */
  FakeRpc.ClientRequest serve(RpcTracing rpc, FakeRpc.ServerRequest request, String status, int code) {
    RpcServerHandler server = RpcServerHandler.create(rpc);
    RpcClientHandler client = RpcClientHandler.create(rpc);
    FakeRpc.ClientRequest outbound = new FakeRpc.ClientRequest();
    Span span = server.handleReceive(request);
    try (Scope scope = rpc.tracing().tracer().withSpanInScope(span)) {
      Span call = client.handleSend(outbound, rpc.tracing().tracer().currentContext());
      client.handleReceive(new FakeRpc.Response(outbound, "OK", 0, null), call);
    } finally {
      server.handleSend(new FakeRpc.Response(request, status, code, null), span);
    }
    return outbound;
  }

  @Test
  void serverAndClientSpansAreNamedAndTaggedAndJoinTheCallersTrace() {
    RpcTracing rpc = RpcTracing.create(tracing(t -> t));
    FakeRpc.ServerRequest request = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating")
        .with("x-b3-traceid", TRACE_ID).with("x-b3-spanid", CALLER_SPAN).with("x-b3-sampled", "1")
        .with("x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736").with("baggage", "tenant=a");

    FakeRpc.ClientRequest outbound = serve(rpc, request, "OK", 0);

    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(server.name()).isEqualTo("bookinfo.Ratings/GetRating");
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN);
    assertThat(server.tag("rpc.system")).isEqualTo("grpc");
    assertThat(server.tag("rpc.service")).isEqualTo("bookinfo.Ratings");
    assertThat(server.tag("rpc.method")).isEqualTo("GetRating");
    assertThat(server.tag("rpc.grpc.status_code")).isEqualTo("0");
    assertThat(server.tag("guid:x-request-id")).isEqualTo("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");
    assertThat(server.tag("error")).isNull();
    assertThat(server.remoteIp()).isEqualTo("10.1.2.3");
    assertThat(server.remotePort()).isEqualTo(50051);
    assertThat(client.parentId()).isEqualTo(server.spanId());
    assertThat(outbound.metadata)
        .containsEntry("x-b3-traceid", TRACE_ID)
        .containsEntry("x-b3-spanid", client.spanIdString())
        .containsEntry("x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736")
        .containsEntry("baggage", "tenant=a")
        .containsEntry("traceparent", "00-" + TRACE_ID + "-" + client.spanIdString() + "-01");
  }

  @ParameterizedTest
  @CsvSource({
      "OK,0,false", "CANCELLED,1,false", "UNKNOWN,2,true", "INVALID_ARGUMENT,3,false",
      "DEADLINE_EXCEEDED,4,true", "NOT_FOUND,5,false", "ALREADY_EXISTS,6,false", "PERMISSION_DENIED,7,false",
      "RESOURCE_EXHAUSTED,8,false", "FAILED_PRECONDITION,9,false", "ABORTED,10,false", "OUT_OF_RANGE,11,false",
      "UNIMPLEMENTED,12,true", "INTERNAL,13,true", "UNAVAILABLE,14,true", "DATA_LOSS,15,true",
      "UNAUTHENTICATED,16,false"})
  void serverErrorsAreTheStatusesOfAFailingServerWhileClientsCountAnyStatusButOk(
      String status, int code, boolean serverError) {
    RpcTracing rpc = RpcTracing.create(tracing(t -> t));
    RpcServerHandler server = RpcServerHandler.create(rpc);
    RpcClientHandler client = RpcClientHandler.create(rpc);
    FakeRpc.ServerRequest request = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating");
    server.handleSend(new FakeRpc.Response(request, status, code, null), server.handleReceive(request));
    FakeRpc.ClientRequest outbound = new FakeRpc.ClientRequest();
    client.handleReceive(new FakeRpc.Response(outbound, status, code, null), client.handleSend(outbound, null));

    assertThat(spans.onlySpan(SpanKind.SERVER).tag("error")).isEqualTo(serverError ? status : null);
    assertThat(spans.onlySpan(SpanKind.SERVER).tag("rpc.grpc.status_code")).isEqualTo(Integer.toString(code));
    assertThat(spans.onlySpan(SpanKind.CLIENT).tag("error")).isEqualTo(status.equals("OK") ? null : status);
  }

  @Test
  void anExceptionExplainsAnErrorStatusAndAlonePutsTheSpanInError() {
    RpcTracing rpc = RpcTracing.create(tracing(t -> t));
    RpcServerHandler server = RpcServerHandler.create(rpc);
    FakeRpc.ServerRequest failed = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating");
    IllegalStateException boom = new IllegalStateException("boom");
    server.handleSend(new FakeRpc.Response(failed, "UNKNOWN", 2, boom), server.handleReceive(failed));
    FakeRpc.ServerRequest notFound = new FakeRpc.ServerRequest("bookinfo.Ratings", "Find");
    server.handleSend(new FakeRpc.Response(notFound, "NOT_FOUND", 5, new RuntimeException("no such book")),
        server.handleReceive(notFound));
    FakeRpc.ServerRequest noStatus = new FakeRpc.ServerRequest("bookinfo.Ratings", "Lost");
    server.handleSend(new FakeRpc.Response(noStatus, null, 0, boom), server.handleReceive(noStatus));

    assertThat(spans.spanNamed("bookinfo.Ratings/GetRating").error()).isSameAs(boom);
    assertThat(spans.spanNamed("bookinfo.Ratings/Find").error()).isNull();
    assertThat(spans.spanNamed("bookinfo.Ratings/Find").tag("error")).isNull();
    assertThat(spans.spanNamed("bookinfo.Ratings/Lost").error()).isSameAs(boom);
    assertThat(spans.spanNamed("bookinfo.Ratings/Lost").tag("rpc.grpc.status_code")).isNull();
  }

  @Test
  void serverErrorStatusesAreConfigurable() {
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t)).serverErrorStatuses(Set.of("not_found ")).build();
    RpcServerHandler server = RpcServerHandler.create(rpc);
    FakeRpc.ServerRequest request = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating");
    server.handleSend(new FakeRpc.Response(request, "NOT_FOUND", 5, null), server.handleReceive(request));
    FakeRpc.ServerRequest internal = new FakeRpc.ServerRequest("bookinfo.Ratings", "Other");
    server.handleSend(new FakeRpc.Response(internal, "INTERNAL", 13, null), server.handleReceive(internal));

    assertThat(spans.spanNamed("bookinfo.Ratings/GetRating").tag("error")).isEqualTo("NOT_FOUND");
    assertThat(spans.spanNamed("bookinfo.Ratings/Other").tag("error")).isNull();
  }

  @Test
  void healthChecksAreSkippedByDefaultYetForwardTheirMetadataWithANotSampledDecision() {
    RpcTracing rpc = RpcTracing.create(tracing(t -> t));
    FakeRpc.ServerRequest health = new FakeRpc.ServerRequest("grpc.health.v1.Health", "Check")
        .with("x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736");

    FakeRpc.ClientRequest outbound = serve(rpc, health, "OK", 0);

    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.metadata).containsEntry("x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736")
        .containsEntry("x-b3-sampled", "0").doesNotContainKey("traceparent");
  }

  @Test
  void rulesMatchServiceAndMethodAndTheFirstMatchDecides() {
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t))
        .rules(List.of(PathRule.parse("skip:/bookinfo.Ratings/Ping"),
            PathRule.parse("probability:0.0:/bookinfo.Details/*"), PathRule.parse("skip:/bookinfo.Details/Get")))
        .build();

    serve(rpc, new FakeRpc.ServerRequest("bookinfo.Ratings", "Ping"), "OK", 0);
    serve(rpc, new FakeRpc.ServerRequest("bookinfo.Details", "Get"), "OK", 0);
    assertThat(spans.spans()).isEmpty();
    serve(rpc, new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating"), "OK", 0);
    assertThat(spans.spans()).extracting(MutableSpan::name)
        .containsExactlyInAnyOrder("bookinfo.Ratings/GetRating", "bookinfo.Ratings/GetRating");
    spans.clear();
    // The rules replaced the defaults: health checks are traced like any call.
    serve(rpc, new FakeRpc.ServerRequest("grpc.health.v1.Health", "Check"), "OK", 0);
    assertThat(spans.onlySpan(SpanKind.SERVER).name()).isEqualTo("grpc.health.v1.Health/Check");
  }

  @Test
  void rulesDecideTheSameForEveryCallOfAMethodAndForMethodsBeyondTheRememberedOnes() {
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t))
        .rules(List.of(PathRule.parse("skip:/bookinfo.Ratings/Ping"), PathRule.parse("skip:/load.Service/Skip*")))
        .build();
    for (int i = 0; i < RpcTracing.MAX_CACHED_METHODS + 10; i++) {
      serve(rpc, new FakeRpc.ServerRequest("load.Service", "Traced" + i), "OK", 0);
    }
    spans.clear();

    for (int call = 0; call < 2; call++) {
      serve(rpc, new FakeRpc.ServerRequest("bookinfo.Ratings", "Ping"), "OK", 0);
      serve(rpc, new FakeRpc.ServerRequest("load.Service", "Skipped"), "OK", 0);
      serve(rpc, new FakeRpc.ServerRequest("load.Service", "Traced" + call), "OK", 0);
      serve(rpc, new FakeRpc.ServerRequest("load.Service", "Traced" + (RpcTracing.MAX_CACHED_METHODS + 5)), "OK", 0);
    }

    assertThat(spans.spans()).filteredOn(span -> span.kind() == SpanKind.SERVER).extracting(MutableSpan::name)
        .containsExactly("load.Service/Traced0", "load.Service/Traced1029", "load.Service/Traced1",
            "load.Service/Traced1029");
  }

  @Test
  void aDistrustingServerStartsItsOwnTraceAndReplacesARequestIdThatIsNotAUuid() {
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t)).trustInboundContext(false).build();
    FakeRpc.ServerRequest request = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating")
        .with("x-b3-traceid", TRACE_ID).with("x-b3-spanid", CALLER_SPAN).with("x-b3-sampled", "1")
        .with("x-request-id", "chosen-by-the-caller");

    FakeRpc.ClientRequest outbound = serve(rpc, request, "OK", 0);

    assertThat(rpc.trustInboundContext()).isFalse();
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.traceIdString()).isNotEqualTo(TRACE_ID);
    assertThat(server.parentId()).isZero();
    assertThat(outbound.metadata.get("x-b3-traceid")).isEqualTo(server.traceIdString());
    assertThat(outbound.metadata.get("x-request-id")).isNotEqualTo("chosen-by-the-caller").matches(
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void aDistrustingServerHonoursForcedTracesOnlyWithinItsAllowance() {
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t.sampler(dev.meshtrace.sampling.Sampler.NEVER)))
        .trustInboundContext(false).forcedTracesPerSecond(0.01).build(); // one per 100 s
    FakeRpc.ServerRequest forced = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating")
        .with("x-b3-traceid", TRACE_ID).with("x-b3-spanid", CALLER_SPAN).with("x-b3-sampled", "1");

    serve(rpc, forced, "OK", 0);
    serve(rpc, forced, "OK", 0);

    assertThat(spans.spans()).filteredOn(span -> span.kind() == SpanKind.SERVER)
        .as("the first forced trace is honoured and continues the caller's trace; the second is over the allowance")
        .singleElement().satisfies(span -> assertThat(span.traceIdString()).isEqualTo(TRACE_ID));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> RpcTracing.newBuilder(tracing(t -> t)).forcedTracesPerSecond(-1))
        .hasMessageContaining("forcedTracesPerSecond").hasMessageContaining("-1");
  }

  @Test
  void customizersRunAfterTheDefaultsOnBothSidesAndAFailingOneBreaksNothing() {
    List<String> seen = new java.util.ArrayList<>();
    RpcTracing rpc = RpcTracing.newBuilder(tracing(t -> t))
        .addCustomizer(new RpcSpanCustomizer() {
          @Override
          public void onRequest(RpcRequest request, Span span) {
            throw new IllegalStateException("customizer bug");
          }
        })
        .addCustomizer(new RpcSpanCustomizer() {
          @Override
          public void onRequest(RpcRequest request, Span span) {
            seen.add("request " + request.method() + (SpanInternals.isConfined(span) ? " confined" : ""));
            span.tag("rpc.method", request.method().toLowerCase(java.util.Locale.ROOT)).tag("tenant", "acme");
          }

          @Override
          public void onResponse(RpcResponse response, Span span) {
            seen.add("response " + response.statusName());
            span.name("renamed " + response.request().method());
          }
        }).build();

    FakeRpc.ClientRequest outbound =
        serve(rpc, new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating").with("x-b3-sampled", "1"), "OK", 0);

    assertThat(seen).as("customizers get the span released")
        .containsExactly("request GetRating", "request GetRating", "response OK", "response OK");
    assertThat(spans.spans()).hasSize(2).allSatisfy(span -> {
      assertThat(span.name()).isEqualTo("renamed GetRating");
      assertThat(span.tag("rpc.method")).isEqualTo("getrating");
      assertThat(span.tag("tenant")).isEqualTo("acme");
    });
    assertThat(outbound.metadata).containsKey("traceparent");
  }

  @Test
  void forwardModeRecordsNothingAndForwardsTheMetadataByteForByte() {
    RpcTracing rpc = RpcTracing.create(tracing(t -> t.mode(Mode.FORWARD)));
    FakeRpc.ServerRequest request = new FakeRpc.ServerRequest("bookinfo.Ratings", "GetRating")
        .with("b3", TRACE_ID + "-" + CALLER_SPAN + "-1").with("grpc-trace-bin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    FakeRpc.ClientRequest outbound = serve(rpc, request, "OK", 0);

    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.metadata).containsEntry("b3", TRACE_ID + "-" + CALLER_SPAN + "-1")
        .containsEntry("grpc-trace-bin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  }

  @Test
  void badConfigurationFailsNamingTheValue() {
    RpcTracing.Builder builder = RpcTracing.newBuilder(tracing(t -> t));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.serverErrorStatuses(Set.of(" ")))
        .hasMessageContaining("' '");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PathRule.parse("skip:grpc.health.v1.Health/*"))
        .hasMessageContaining("grpc.health.v1.Health/*");
  }
}
