package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Tracing;
import dev.meshtrace.rpc.RpcTracing;
import dev.meshtrace.testing.ZipkinServerExtension;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Span;

/** Two services over grpc-netty report to the real Zipkin server; the trace read back holds both RPC spans. */
class GrpcZipkinEndToEndTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  @Test
  void bothSidesOfEachCallReachZipkinWithTheRpcTags() throws Exception {
    String endpoint = zipkin.server().spansEndpoint();
    try (ZipkinSpanHandler clientReporter = ZipkinSpanHandler.create(endpoint);
        ZipkinSpanHandler serverReporter = ZipkinSpanHandler.create(endpoint)) {
      Tracing clientTracing = Tracing.newBuilder().serviceName("grpc-e2e-reviews").addSpanHandler(clientReporter)
          .build();
      Tracing serverTracing = Tracing.newBuilder().serviceName("grpc-e2e-ratings").addSpanHandler(serverReporter)
          .build();
      Echo echo = new Echo(serverTracing.tracer());
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(ServerInterceptors.intercept(echo.definition(),
              MeshtraceGrpc.create(RpcTracing.create(serverTracing)).serverInterceptor()))
          .build().start();
      int port = server.getPort();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .intercept(MeshtraceGrpc.create(RpcTracing.create(clientTracing)).clientInterceptor()).build();
      String okTrace;
      String failedTrace;
      try {
        dev.meshtrace.Span root = clientTracing.tracer().newTrace().name("reviews").start();
        try (dev.meshtrace.Scope scope = clientTracing.tracer().withSpanInScope(root)) {
          ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello");
        } finally {
          root.finish();
        }
        okTrace = root.context().traceIdString();
        dev.meshtrace.Span second = clientTracing.tracer().newTrace().name("reviews").start();
        try (dev.meshtrace.Scope scope = clientTracing.tracer().withSpanInScope(second)) {
          assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "not-found"))
              .isInstanceOf(StatusRuntimeException.class);
        } finally {
          second.finish();
        }
        failedTrace = second.context().traceIdString();
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        echo.close();
      }

      List<Span> ok = zipkin.server().api().awaitTrace(okTrace, 3, Duration.ofSeconds(30));
      Span client = only(ok, Span.Kind.CLIENT);
      Span serverSpan = only(ok, Span.Kind.SERVER);
      assertThat(client.name()).isEqualTo("test.echo/unary"); // Zipkin stores names lower case
      assertThat(client.localServiceName()).isEqualTo("grpc-e2e-reviews");
      assertThat(serverSpan.localServiceName()).isEqualTo("grpc-e2e-ratings");
      assertThat(serverSpan.parentId()).isEqualTo(client.id());
      for (Span span : List.of(client, serverSpan)) {
        assertThat(span.tags()).containsAllEntriesOf(Map.of("rpc.system", "grpc", "rpc.service", "test.Echo",
            "rpc.method", "Unary", "rpc.grpc.status_code", "0")).doesNotContainKey("error");
        assertThat(span.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
      }
      assertThat(client.remoteEndpoint().portAsInt()).isEqualTo(port);

      List<Span> failed = zipkin.server().api().awaitTrace(failedTrace, 3, Duration.ofSeconds(30));
      assertThat(only(failed, Span.Kind.CLIENT).tags()).containsEntry("rpc.grpc.status_code", "5")
          .containsEntry("error", "NOT_FOUND");
      assertThat(only(failed, Span.Kind.SERVER).tags()).containsEntry("rpc.grpc.status_code", "5")
          .doesNotContainKey("error");
    }
  }

  static Span only(List<Span> spans, Span.Kind kind) {
    return spans.stream().filter(s -> s.kind() == kind).reduce((a, b) -> {
      throw new AssertionError("two " + kind + " spans: " + spans);
    }).orElseThrow(() -> new AssertionError("no " + kind + " span: " + spans));
  }
}
