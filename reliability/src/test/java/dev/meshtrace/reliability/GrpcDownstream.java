package dev.meshtrace.reliability;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The next hop over gRPC, a real grpc-netty server on loopback: it answers every call (any unary service will do;
 * this is OTLP's {@code TraceService}, untraced) and keeps each call's metadata as it arrived, as a
 * {@link Downstream.Received} whose path is the call's {@value #PATH} metadata, into {@code received}.
 */
final class GrpcDownstream implements AutoCloseable {
  /** Metadata the caller sets to name the call, as {@link Downstream}'s paths do. */
  static final String PATH = "x-fan-out-path";
  static final Metadata.Key<String> PATH_KEY = Metadata.Key.of(PATH, Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  GrpcDownstream(Queue<Downstream.Received> received) throws IOException {
    ServerInterceptor keep = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String key : headers.keys()) {
          if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) continue;
          for (String value : headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
            entries.add(Map.entry(key, value));
          }
        }
        received.add(new Downstream.Received(headers.get(PATH_KEY), entries));
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(ExportTraceServiceRequest request,
              StreamObserver<ExportTraceServiceResponse> response) {
            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        }, keep)).build().start();
  }

  /** {@code host:port}, for a channel. */
  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
