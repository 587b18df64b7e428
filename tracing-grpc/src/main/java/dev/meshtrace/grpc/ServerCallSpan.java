package dev.meshtrace.grpc;

import dev.meshtrace.Span;
import dev.meshtrace.rpc.RpcServerHandler;
import io.grpc.Deadline;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** The span of one inbound call, finished once by whichever comes first: close, cancellation or an exception. */
final class ServerCallSpan {
  private static final AtomicIntegerFieldUpdater<ServerCallSpan> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(ServerCallSpan.class, "finished");

  final Span span;
  private final RpcServerHandler handler;
  private final GrpcServerRequest request;
  /** The call's deadline, or null. */
  private final Deadline deadline;
  private volatile int finished;

  ServerCallSpan(RpcServerHandler handler, GrpcServerRequest request, Span span, Deadline deadline) {
    this.handler = handler;
    this.request = request;
    this.span = span;
    this.deadline = deadline;
  }

  /** Whether the call's deadline passed: then a cancellation is the deadline's doing. */
  boolean deadlineExpired() {
    return deadline != null && deadline.isExpired();
  }

  void finish(Status status, Throwable error) {
    if (span.isNoop() || !FINISHED.compareAndSet(this, 0, 1)) return;
    handler.handleSend(new GrpcResponse(request, status, error, null), span);
  }
}
