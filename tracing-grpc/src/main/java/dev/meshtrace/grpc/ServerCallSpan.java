package dev.meshtrace.grpc;

import dev.meshtrace.Span;
import dev.meshtrace.rpc.RpcServerHandler;
import io.grpc.Deadline;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/** The span of one inbound call, finished once by whichever comes first: close, cancellation or an exception. */
final class ServerCallSpan {
  final Span span;
  private final RpcServerHandler handler;
  private final GrpcServerRequest request;
  /** The call's deadline, or null. */
  private final Deadline deadline;
  private final AtomicBoolean finished = new AtomicBoolean();

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
    if (span.isNoop() || !finished.compareAndSet(false, true)) return;
    handler.handleSend(new GrpcResponse(request, status, error, null), span);
  }
}
