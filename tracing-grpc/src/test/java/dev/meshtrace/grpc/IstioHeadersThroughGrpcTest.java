package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.grpc.GrpcFixture.Started;
import dev.meshtrace.grpc.GrpcFixture.Transport;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every header of Istio's list through one traced gRPC service over grpc-netty: a sidecar's headers arrive on an
 * inbound call and must leave on the outbound call it makes, mesh headers byte for byte.
 */
class IstioHeadersThroughGrpcTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN = "a2fb4a1d1a96d312";
  /** An OpenCensus context as bytes, as a gRPC peer sends {@code grpc-trace-bin}. */
  static final byte[] GRPC_TRACE_BIN = Base64.getDecoder().decode("AABGOsNcn2QTrUhIWjlTu2EkAaL7Sh0altMSAgE=");

  /** Istio's list of headers to forward, as an Envoy sidecar would send them (grpc-trace-bin apart: binary). */
  static final Map<String, String> ISTIO = new LinkedHashMap<>();

  static {
    ISTIO.put("x-request-id", "8d7c7b3e-5d5f-4f9a-9a3b-1c2d3e4f5a6b");
    ISTIO.put("x-b3-traceid", TRACE_ID);
    ISTIO.put("x-b3-spanid", CALLER_SPAN);
    ISTIO.put("x-b3-parentspanid", "0020000000000001");
    ISTIO.put("x-b3-sampled", "1");
    ISTIO.put("b3", TRACE_ID + "-" + CALLER_SPAN + "-1");
    ISTIO.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
    ISTIO.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    ISTIO.put("x-ot-span-context", "463ac35c9f6413ad;a2fb4a1d1a96d312;0000000000000000;cs");
    ISTIO.put("x-cloud-trace-context", "463ac35c9f6413ad48485a3953bb6124/11744720045283246866;o=1");
    ISTIO.put("sw8", "1-MTIzNDU2Nzg=-MTIzNDU2Nzg=-0-c2VydmljZQ==-aW5zdGFuY2U=-L2FwaQ==-ZXhhbXBsZS5jb206ODA4MA==");
    ISTIO.put("x-datadog-trace-id", "5208512171318403364");
    ISTIO.put("x-datadog-parent-id", "11744720045283246866");
    ISTIO.put("x-datadog-sampling-priority", "1");
    ISTIO.put("baggage", "tenant=acme,region=eu");
  }

  static final List<String> MESH = List.of("x-request-id", "tracestate", "x-ot-span-context",
      "x-cloud-trace-context", "sw8", "x-datadog-trace-id", "x-datadog-parent-id", "x-datadog-sampling-priority",
      "baggage");

  GrpcFixture fixture;
  Echo front;

  @AfterEach
  void close() throws InterruptedException {
    front.close();
    fixture.close();
  }

  /** Sends the sidecar's headers to the traced service, which calls the next hop; what that hop received. */
  Metadata hop(Mode mode) throws Exception {
    fixture = new GrpcFixture(t -> t.mode(mode), g -> g);
    front = new Echo(fixture.tracing.tracer());
    Started next = fixture.start(Transport.NETTY, new Echo(fixture.tracing.tracer()).definition(), false);
    front.downstream = fixture.channel(next, true);
    Metadata sidecar = new Metadata();
    ISTIO.forEach((name, value) -> sidecar.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    sidecar.put(Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER), GRPC_TRACE_BIN);
    Channel channel = fixture.channel(fixture.start(Transport.NETTY, front.definition(), true), false,
        MetadataUtils.newAttachHeadersInterceptor(sidecar));

    assertThat(ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "call")).isEqualTo("downstream");
    assertThat(next.received()).hasSize(1);
    return next.received().remove();
  }

  @Test
  void recordingTheTraceContinuesItAndForwardsEveryMeshHeaderByteForByte() throws Exception {
    Metadata received = hop(Mode.RECORD);

    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    assertThat(serverSpan.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(serverSpan.parentIdString()).isEqualTo(CALLER_SPAN);
    assertThat(client.parentId()).isEqualTo(serverSpan.spanId());
    assertThat(serverSpan.tag("guid:x-request-id")).isEqualTo(ISTIO.get("x-request-id"));
    for (String name : MESH) assertThat(only(received, name)).as(name).isEqualTo(ISTIO.get(name));
    assertThat(received.getAll(Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER)))
        .singleElement().isEqualTo(GRPC_TRACE_BIN);
    assertThat(only(received, "x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(only(received, "x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(only(received, "x-b3-parentspanid")).isEqualTo(serverSpan.spanIdString());
    assertThat(only(received, "x-b3-sampled")).isEqualTo("1");
    assertThat(only(received, "b3")).startsWith(TRACE_ID + "-" + client.spanIdString() + "-1");
    assertThat(only(received, "traceparent")).isEqualTo("00-" + TRACE_ID + "-" + client.spanIdString() + "-01");
  }

  @Test
  void inForwardModeEveryHeaderLeavesExactlyAsItArrived() throws Exception {
    Metadata received = hop(Mode.FORWARD);

    assertThat(fixture.spans.spans()).isEmpty();
    ISTIO.forEach((name, value) -> assertThat(only(received, name)).as(name).isEqualTo(value));
    assertThat(received.getAll(Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER)))
        .singleElement().isEqualTo(GRPC_TRACE_BIN);
  }

  static String only(Metadata metadata, String name) {
    Iterable<String> values = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    assertThat(values).as(name).hasSize(1);
    return values.iterator().next();
  }
}
