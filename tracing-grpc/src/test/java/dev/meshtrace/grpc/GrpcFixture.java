package dev.meshtrace.grpc;

import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Channel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Tracing into memory, real gRPC servers and channels on a chosen transport, all closed at the end. */
final class GrpcFixture implements AutoCloseable {
  enum Transport { IN_PROCESS, NETTY }

  /** A started server: where channels reach it, and the metadata of every call it received. */
  record Started(Server server, String inProcessName, int port, Queue<Metadata> received) {}

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing;
  final MeshtraceGrpc grpc;
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  GrpcFixture(UnaryOperator<Tracing.Builder> tracing, UnaryOperator<MeshtraceGrpc.Builder> grpc) {
    this.tracing = tracing.apply(Tracing.newBuilder().serviceName("echo")).addSpanHandler(spans).build();
    this.grpc = grpc.apply(MeshtraceGrpc.newBuilder(RpcTracing.create(this.tracing))).build();
  }

  GrpcFixture() {
    this(t -> t, g -> g);
  }

  /** Starts {@code service} on {@code transport}, traced when {@code traced}, recording the metadata it receives. */
  Started start(Transport transport, ServerServiceDefinition service, boolean traced) throws IOException {
    Queue<Metadata> received = new ConcurrentLinkedQueue<>();
    ServerInterceptor recording = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
          ServerCallHandler<ReqT, RespT> next) {
        received.add(headers);
        return next.startCall(call, headers);
      }
    };
    ServerServiceDefinition intercepted = traced
        ? ServerInterceptors.intercept(service, recording, grpc.serverInterceptor())
        : ServerInterceptors.intercept(service, recording);
    Started started;
    if (transport == Transport.IN_PROCESS) {
      String name = "echo-" + UUID.randomUUID();
      Server server = InProcessServerBuilder.forName(name).addService(intercepted).build().start();
      started = new Started(server, name, 0, received);
    } else {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(intercepted).build().start();
      started = new Started(server, null, server.getPort(), received);
    }
    servers.add(started.server());
    return started;
  }

  /**
   * A channel to {@code server}, traced when {@code traced}. The application's {@code interceptors} run before
   * ours, as those a builder is given before the tracing one.
   */
  Channel channel(Started server, boolean traced, ClientInterceptor... interceptors) {
    ManagedChannel channel = server.inProcessName() != null
        ? InProcessChannelBuilder.forName(server.inProcessName()).build()
        : NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(channel);
    Channel intercepted = traced ? ClientInterceptors.intercept(channel, grpc.clientInterceptor()) : channel;
    return ClientInterceptors.intercept(intercepted, interceptors);
  }

  /** A traced channel to a loopback port nothing listens on. */
  Channel channelToNowhere(int port) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    channels.add(channel);
    return ClientInterceptors.intercept(channel, grpc.clientInterceptor());
  }

  /** Shuts every server and channel down and waits until their callbacks have all run. */
  void awaitTermination() throws InterruptedException {
    for (ManagedChannel channel : channels) channel.shutdownNow();
    for (Server server : servers) server.shutdown();
    for (ManagedChannel channel : channels) channel.awaitTermination(10, TimeUnit.SECONDS);
    for (Server server : servers) {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Server server : servers) server.shutdownNow();
    awaitTermination();
  }
}
