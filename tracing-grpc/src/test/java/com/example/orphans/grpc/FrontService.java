package com.example.orphans.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An application gRPC service of one unary method, that calls the same method of a downstream service on a
 * worker thread: through a plain executor (the trace is lost) when the request is {@code unwrapped}, through gRPC's
 * {@code Context.currentContextExecutor} (the trace is kept) otherwise. Outside {@code dev.meshtrace}, as an
 * application is.
 */
public final class FrontService implements AutoCloseable {
  private final MethodDescriptor<String, String> method;
  private final ExecutorService pool = Executors.newFixedThreadPool(1);
  private Channel downstream;

  /** Serves {@code method} and calls the same method downstream. */
  public FrontService(MethodDescriptor<String, String> method) {
    this.method = method;
  }

  public void downstream(Channel channel) {
    this.downstream = channel;
  }

  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(method.getServiceName())
        .addMethod(method, ServerCalls.asyncUnaryCall(this::call)).build();
  }

  private void call(String request, StreamObserver<String> out) {
    try {
      java.util.concurrent.Executor executor =
          "unwrapped".equals(request) ? pool : Context.currentContextExecutor(pool);
      java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
      executor.execute(() -> answer.complete(callDownstream(request)));
      out.onNext(answer.get(10, TimeUnit.SECONDS));
      out.onCompleted();
    } catch (Exception e) {
      out.onError(e);
    }
  }

  String callDownstream(String request) {
    return ClientCalls.blockingUnaryCall(downstream, method,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
