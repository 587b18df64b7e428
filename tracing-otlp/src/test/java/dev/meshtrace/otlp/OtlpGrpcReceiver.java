package dev.meshtrace.otlp;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java (Netty) {@code TraceService} on a free loopback port, cleartext (h2c) or TLS (optionally requiring
 * a client certificate). Records each request with its headers; answers as scripted (default OK).
 */
final class OtlpGrpcReceiver implements AutoCloseable {
  record Received(ExportTraceServiceRequest request, Metadata headers) {
    String header(String name) {
      return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
  }

  /**
   * A scripted answer: an error status (with trailers, such as the status details), or OK with
   * {@code rejectedSpans} rejected and {@code message} as the partial success's error message.
   */
  record Answer(Status status, Metadata trailers, long rejectedSpans, String message) {
    static Answer error(Status status) {
      return new Answer(status, null, 0, null);
    }

    /** An error carrying {@code google.rpc.Status} details in {@code grpc-status-details-bin}, as grpc-java sends. */
    static Answer error(com.google.rpc.Status status) {
      StatusRuntimeException error = StatusProto.toStatusRuntimeException(status);
      return new Answer(error.getStatus(), error.getTrailers(), 0, null);
    }

    static Answer partialSuccess(long rejected) {
      return partialSuccess(rejected, "spans too old");
    }

    static Answer partialSuccess(long rejected, String message) {
      return new Answer(Status.OK, null, rejected, message);
    }
  }

  private static final io.grpc.Context.Key<Metadata> HEADERS = io.grpc.Context.key("headers");

  private final Server server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile boolean compressAnswers;

  private OtlpGrpcReceiver(SslContext tls) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    if (tls != null) builder.sslContext(tls);
    server = builder.addService(ServerInterceptors.intercept(new Service(), new HeaderCapture())).build().start();
  }

  static OtlpGrpcReceiver cleartext() {
    return start(null);
  }

  /** TLS with {@code certificate}/{@code key}; when {@code clientCa} is set, clients must present a certificate. */
  static OtlpGrpcReceiver tls(File certificate, File key, File clientCa) {
    try {
      var ssl = GrpcSslContexts.forServer(certificate, key);
      if (clientCa != null) ssl.trustManager(clientCa).clientAuth(ClientAuth.REQUIRE);
      return start(ssl.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OtlpGrpcReceiver start(SslContext tls) {
    try {
      return new OtlpGrpcReceiver(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint(String scheme, String host) {
    return scheme + "://" + host + ":" + server.getPort();
  }

  /**
   * Answers gzip-compressed when the request says it accepts gzip, as collectors built on grpc-go do (they answer in
   * the request's compression).
   */
  void compressAnswers() {
    compressAnswers = true;
  }

  void answer(Answer... answers) {
    script.addAll(java.util.List.of(answers));
  }

  Received take() {
    try {
      Received next = received.poll(20, TimeUnit.SECONDS);
      if (next == null) throw new AssertionError("no OTLP/gRPC request arrived within 20s");
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Requests so far, without waiting. */
  int count() {
    return received.size();
  }

  private final class Service extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
      received.add(new Received(request, HEADERS.get()));
      Answer answer = script.poll();
      if (answer != null && !answer.status().isOk()) {
        response.onError(answer.status().asRuntimeException(answer.trailers()));
        return;
      }
      ExportTraceServiceResponse.Builder result = ExportTraceServiceResponse.newBuilder();
      if (answer != null && answer.rejectedSpans() > 0) {
        result.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(answer.rejectedSpans())
            .setErrorMessage(answer.message()));
      }
      response.onNext(result.build());
      response.onCompleted();
    }
  }

  private final class HeaderCapture implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      if (compressAnswers) call.setCompression("gzip");
      return io.grpc.Contexts.interceptCall(io.grpc.Context.current().withValue(HEADERS, headers), call, headers,
          next);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
