package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orphans.grpc.FrontService;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallSite;
import dev.meshtrace.diagnostics.ThreadKind;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Orphan calls through the gRPC client interceptor: a traced gRPC call (grpc-netty on loopback) whose handler calls
 * the next service on a worker thread of its own. A plain executor loses the trace and is reported with its call
 * site; gRPC's {@code Context.currentContextExecutor} keeps it (the interceptor reads the gRPC {@code Context}).
 */
class GrpcOrphanCallsTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  final GrpcFixture fixture = new GrpcFixture();
  static final MethodDescriptor<String, String> CALL = Echo.method(MethodDescriptor.MethodType.UNARY, "Call");
  final FrontService front = new FrontService(CALL);

  @AfterEach
  void close() throws InterruptedException {
    front.close();
    fixture.close();
  }

  @Test
  void anUnwrappedExecutorInAGrpcHandlerIsAnOrphanCallAndGrpcsContextExecutorIsNot() throws Exception {
    ServerServiceDefinition ratings = ServerServiceDefinition.builder(CALL.getServiceName())
        .addMethod(CALL, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext(request);
          out.onCompleted();
        })).build();
    GrpcFixture.Started downstream = fixture.start(GrpcFixture.Transport.NETTY, ratings, false);
    front.downstream(fixture.channel(downstream, true));
    GrpcFixture.Started frontServer = fixture.start(GrpcFixture.Transport.NETTY, front.definition(), true);
    Channel caller = fixture.channel(frontServer, false, new io.grpc.ClientInterceptor() {
      @Override
      public <ReqT, RespT> io.grpc.ClientCall<ReqT, RespT> interceptCall(io.grpc.MethodDescriptor<ReqT, RespT> method,
          CallOptions options, Channel next) {
        return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<RespT> listener, Metadata headers) {
            headers.put(Metadata.Key.of("b3", Metadata.ASCII_STRING_MARSHALLER), TRACE_ID + "-a2fb4a1d1a96d312-1");
            super.start(listener, headers);
          }
        };
      }
    });

    call(caller, "wrapped");
    assertThat(traceIdReceived(downstream)).isEqualTo(TRACE_ID);
    assertThat(fixture.tracing.diagnostics().orphanCalls()).isEmpty();

    call(caller, "unwrapped");
    assertThat(traceIdReceived(downstream)).as("the trace broke").isNotEqualTo(TRACE_ID);
    assertThat(fixture.tracing.diagnostics().orphanCalls())
        .containsExactly(new OrphanCallCount("grpc", "127.0.0.1:" + downstream.port(), 1));
    OrphanCallSite site = fixture.tracing.diagnostics().callSites().get(0);
    assertThat(site.request()).isEqualTo("test.Echo/Call");
    assertThat(site.location()).startsWith("com.example.orphans.grpc.FrontService.callDownstream(FrontService.java:");
    assertThat(site.entry()).startsWith("com.example.orphans.grpc.FrontService.lambda$call$");
    assertThat(site.threadKind()).isEqualTo(ThreadKind.POOLED);
    assertThat(site.frameworks()).contains("gRPC");
    assertThat(site.fix()).isEqualTo("wrap the executor with tracing.currentTraceContext().executorService(...)"
        + " (gRPC callbacks: io.grpc.Context.currentContextExecutor(...))");
  }

  static void call(Channel channel, String request) {
    assertThat(ClientCalls.blockingUnaryCall(channel, CALL,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request)).isEqualTo(request);
  }

  static String traceIdReceived(GrpcFixture.Started server) {
    Metadata metadata = server.received().poll();
    assertThat(metadata).isNotNull();
    return metadata.get(Metadata.Key.of("x-b3-traceid", Metadata.ASCII_STRING_MARSHALLER));
  }
}
