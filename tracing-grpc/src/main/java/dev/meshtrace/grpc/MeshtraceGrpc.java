package dev.meshtrace.grpc;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.rpc.RpcClientHandler;
import dev.meshtrace.rpc.RpcServerHandler;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ServerInterceptor;
import java.util.Objects;

/**
 * Traces grpc-java servers and channels (1.60 and later): a SERVER span per inbound call and a CLIENT span per
 * outbound call, with the trace and mesh headers (including {@code grpc-trace-bin}) carried in the calls' metadata.
 *
 * <pre>{@code
 * MeshtraceGrpc grpcTracing = MeshtraceGrpc.create(RpcTracing.create(tracing));
 * Server server = ServerBuilder.forPort(port).addService(service)
 *     .intercept(grpcTracing.serverInterceptor()).build();
 * ManagedChannel channel = ManagedChannelBuilder.forTarget("ratings:9090").usePlaintext()
 *     .intercept(grpcTracing.clientInterceptor()).build();
 * }</pre>
 *
 * <p>Spans are named {@code package.Service/Method} and tagged {@code rpc.system=grpc}, {@code rpc.service},
 * {@code rpc.method} and {@code rpc.grpc.status_code}, with the peer's address; the error rule and the rules by
 * service and method are {@link RpcTracing}'s. A binary metadata entry ({@code -bin}) reaches core in gRPC's text
 * form, base64, and is written back as the same bytes.
 */
public final class MeshtraceGrpc {
  /**
   * The context of the inbound call's server span, in the call's gRPC {@link Context}. Work the handler forks
   * with {@code Context.current().wrap(...)} (or {@code Context.currentContextExecutor}) keeps it there, and the
   * client interceptor takes its parent from it when no context is current on the thread.
   */
  public static final Context.Key<TraceContext> TRACE_CONTEXT = Context.key("meshtrace-trace-context");

  private final TracingServerInterceptor serverInterceptor;
  private final TracingClientInterceptor clientInterceptor;

  private MeshtraceGrpc(Builder builder) {
    Tracing tracing = builder.rpcTracing.tracing();
    this.serverInterceptor = new TracingServerInterceptor(RpcServerHandler.create(builder.rpcTracing),
        tracing.currentTraceContext(), builder.messageEvents);
    this.clientInterceptor = new TracingClientInterceptor(RpcClientHandler.create(builder.rpcTracing),
        tracing.currentTraceContext(), builder.messageEvents);
  }

  /** gRPC tracing with {@code rpcTracing}'s settings and no message events. */
  public static MeshtraceGrpc create(RpcTracing rpcTracing) {
    return newBuilder(rpcTracing).build();
  }

  public static Builder newBuilder(RpcTracing rpcTracing) {
    return new Builder(rpcTracing);
  }

  /** The interceptor for servers: add it to every server (or globally, as Spring gRPC does with the starter). */
  public ServerInterceptor serverInterceptor() {
    return serverInterceptor;
  }

  /** The interceptor for channels: {@code ManagedChannelBuilder.intercept(clientInterceptor())}. */
  public ClientInterceptor clientInterceptor() {
    return clientInterceptor;
  }

  /** Configures {@link MeshtraceGrpc}. */
  public static final class Builder {
    private final RpcTracing rpcTracing;
    private boolean messageEvents;

    Builder(RpcTracing rpcTracing) {
      this.rpcTracing = Objects.requireNonNull(rpcTracing, "rpcTracing");
    }

    /**
     * Annotates spans with {@code grpc.message_sent} and {@code grpc.message_received} for every message. Default
     * false: a streaming call can carry very many.
     */
    public Builder messageEvents(boolean messageEvents) {
      this.messageEvents = messageEvents;
      return this;
    }

    public MeshtraceGrpc build() {
      return new MeshtraceGrpc(this);
    }
  }
}
