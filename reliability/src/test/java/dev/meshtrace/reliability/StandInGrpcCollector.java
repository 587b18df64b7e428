package dev.meshtrace.reliability;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An OTLP/gRPC backend on loopback: a real grpc-java (Netty, h2c) {@code TraceService} that decodes with the official
 * OTLP classes and can be made to fail. A fault named by HTTP status is answered with the gRPC code the OTLP
 * specification pairs with it: 500 INTERNAL, 503 UNAVAILABLE, 429 RESOURCE_EXHAUSTED with a {@code RetryInfo} of one
 * second (so retryable, as {@code Retry-After} makes a 429), 400 INVALID_ARGUMENT. Held calls are answered
 * UNAVAILABLE when released.
 */
final class StandInGrpcCollector extends Collector {
  private final Server server;

  private StandInGrpcCollector(int port, Tally tally) throws IOException {
    super(tally);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .addService(new Service()).build().start();
  }

  /** A backend on {@code port} (0: a free one), counting into {@code tally}. */
  static StandInGrpcCollector start(int port, Tally tally) {
    try {
      return new StandInGrpcCollector(port, tally);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Service extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
      int answer = answerExport(503);
      tally.answered(answer);
      switch (answer) {
        case 202 -> {
          StandInCollector.acceptOtlp(request, tally);
          response.onNext(ExportTraceServiceResponse.getDefaultInstance());
          response.onCompleted();
        }
        case 429 -> response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage("slow down")
            .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(1)).build()))
            .build()));
        case 400 -> response.onError(Status.INVALID_ARGUMENT.withDescription("bad spans").asRuntimeException());
        case 503 -> response.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
        default -> response.onError(Status.INTERNAL.withDescription("failed").asRuntimeException());
      }
    }
  }

  @Override
  public void close() {
    release();
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
