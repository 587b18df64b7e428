package dev.meshtrace.grpc;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A hand-written service, {@code test.Echo}, with one method of each shape and string messages. It records which
 * trace context was current (on the thread and in the gRPC {@code Context}) in each callback the application sees.
 */
final class Echo {
  static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static final MethodDescriptor<String, String> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
  static final MethodDescriptor<String, String> SERVER_STREAMING =
      method(MethodDescriptor.MethodType.SERVER_STREAMING, "ServerStream");
  static final MethodDescriptor<String, String> CLIENT_STREAMING =
      method(MethodDescriptor.MethodType.CLIENT_STREAMING, "ClientStream");
  static final MethodDescriptor<String, String> BIDI = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Bidi");

  /** What was current when the application ran: the callback, then the thread's and the gRPC Context's. */
  record Seen(String callback, TraceContext onThread, TraceContext inGrpcContext) {}

  final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
  /** Counted down when a call the service left hanging is cancelled. */
  final CountDownLatch hangingCancelled = new CountDownLatch(1);
  private final Tracer tracer;
  /** Where {@code call} requests go on: the next hop. */
  volatile Channel downstream;
  private final ExecutorService forked = Executors.newSingleThreadExecutor();

  Echo(Tracer tracer) {
    this.tracer = tracer;
  }

  static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<String, String>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
        .setRequestMarshaller(STRING).setResponseMarshaller(STRING).build();
  }

  static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("test.Echo")
        .addMethod(UNARY, ServerCalls.asyncUnaryCall(this::unary))
        .addMethod(SERVER_STREAMING, ServerCalls.asyncServerStreamingCall((request, out) -> {
          see("serverStream");
          for (String part : request.split(",")) out.onNext(part);
          out.onCompleted();
        }))
        .addMethod(CLIENT_STREAMING, ServerCalls.asyncClientStreamingCall(out -> collecting(out, false)))
        .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(out -> collecting(out, true)))
        .build();
  }

  private void unary(String request, StreamObserver<String> out) {
    see("unary");
    switch (request) {
      case "fail":
        throw new IllegalStateException("boom");
      case "not-found":
        out.onError(Status.NOT_FOUND.withDescription("no such book").asRuntimeException());
        return;
      case "hang":
        Context.current().addListener(context -> hangingCancelled.countDown(), Runnable::run);
        return;
      case "call":
        out.onNext(callDownstream("downstream"));
        out.onCompleted();
        return;
      case "fork":
        // Work forked the gRPC way: only the gRPC Context travels; the client interceptor finds the parent there.
        forked.execute(Context.current().wrap(() -> {
          see("forked");
          out.onNext(callDownstream("downstream"));
          out.onCompleted();
        }));
        return;
      default:
        out.onNext(request);
        out.onCompleted();
    }
  }

  private StreamObserver<String> collecting(StreamObserver<String> out, boolean echo) {
    see("start");
    List<String> received = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        see("onNext");
        received.add(value);
        if (echo) out.onNext(value);
      }

      @Override
      public void onError(Throwable t) {
        see("onError");
      }

      @Override
      public void onCompleted() {
        see("onCompleted");
        if (!echo) out.onNext(String.join(",", received));
        out.onCompleted();
      }
    };
  }

  String callDownstream(String request) {
    return ClientCalls.blockingUnaryCall(downstream, UNARY, options(), request);
  }

  private void see(String callback) {
    seen.add(new Seen(callback, tracer.currentContext(), MeshtraceGrpc.TRACE_CONTEXT.get()));
  }

  void close() {
    forked.shutdownNow();
  }

  /** Fails the test when {@code condition} does not become true within ten seconds. */
  static void await(CountDownLatch latch, Supplier<String> what) throws InterruptedException {
    if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for " + what.get());
  }
}
