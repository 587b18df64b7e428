package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.grpc.GrpcFixture.Started;
import dev.meshtrace.grpc.GrpcFixture.Transport;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code grpc-trace-bin} in binary metadata: read as the context when configured, and bad values never fail a call. */
class GrpcTraceBinTest {
  static final Metadata.Key<byte[]> GRPC_TRACE_BIN = Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER);

  GrpcFixture fixture;
  Echo front;

  @AfterEach
  void close() throws InterruptedException {
    if (front != null) front.close();
    fixture.close();
  }

  @Test
  void anOpenCensusCallersContextIsContinuedAndSentOnWhenTheFormatIsRead() throws Exception {
    Propagation propagation = Propagation.newBuilder()
        .extract(List.of(Format.B3, Format.B3_MULTI, Format.W3C, Format.GRPC_TRACE_BIN)).build();
    fixture = new GrpcFixture(t -> t.propagation(propagation), g -> g);
    front = new Echo(fixture.tracing.tracer());
    Started next = fixture.start(Transport.IN_PROCESS, new Echo(fixture.tracing.tracer()).definition(), false);
    front.downstream = fixture.channel(next, true);
    Metadata openCensus = new Metadata();
    openCensus.put(GRPC_TRACE_BIN, IstioHeadersThroughGrpcTest.GRPC_TRACE_BIN);
    Channel channel = fixture.channel(fixture.start(Transport.IN_PROCESS, front.definition(), true), false,
        MetadataUtils.newAttachHeadersInterceptor(openCensus));

    ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "call");

    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    assertThat(serverSpan.traceIdString()).isEqualTo(IstioHeadersThroughGrpcTest.TRACE_ID);
    assertThat(serverSpan.parentIdString()).isEqualTo(IstioHeadersThroughGrpcTest.CALLER_SPAN);
    byte[] sent = next.received().remove().get(GRPC_TRACE_BIN);
    ByteBuffer fields = ByteBuffer.wrap(sent);
    assertThat(sent).hasSize(29);
    assertThat(fields.get(0)).as("version").isZero();
    assertThat(Long.toHexString(fields.getLong(2)) + Long.toHexString(fields.getLong(10)))
        .isEqualTo(IstioHeadersThroughGrpcTest.TRACE_ID);
    assertThat(fields.get(18)).isEqualTo((byte) 1);
    assertThat(fields.getLong(19)).isEqualTo(client.spanId());
    assertThat(fields.get(28)).as("sampled").isEqualTo((byte) 1);
  }

  @Test
  void aForwardedValueThatIsNotBase64IsLeftOutAndTheCallGoesOn() throws Exception {
    fixture = new GrpcFixture();
    Started server = fixture.start(Transport.IN_PROCESS, new Echo(fixture.tracing.tracer()).definition(), false);
    Channel channel = fixture.channel(server, true);
    // As if an HTTP request had brought a grpc-trace-bin that is no base64 at all.
    TraceContext inbound = TraceContext.builder().remote(true).meshHeaders(MeshHeaders.builder()
        .add("x-request-id", "8d7c7b3e-5d5f-4f9a-9a3b-1c2d3e4f5a6b").add("grpc-trace-bin", "%%% not base64").build())
        .build();

    try (Scope scope = fixture.tracing.currentTraceContext().newScope(inbound)) {
      assertThat(ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello")).isEqualTo("hello");
    }

    Metadata received = server.received().remove();
    assertThat(received.get(GRPC_TRACE_BIN)).isNull();
    assertThat(received.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("8d7c7b3e-5d5f-4f9a-9a3b-1c2d3e4f5a6b");
    assertThat(fixture.spans.onlySpan(SpanKind.CLIENT).tag("rpc.grpc.status_code")).isEqualTo("0");
  }
}
