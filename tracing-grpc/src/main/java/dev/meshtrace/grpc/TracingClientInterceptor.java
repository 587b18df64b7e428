package dev.meshtrace.grpc;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.rpc.RpcClientHandler;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One CLIENT span per outbound call, a child of the context current when the call was created (on the thread, else
 * in the gRPC {@code Context}), from {@code start} to {@code onClose}, finished once with the call's status. The
 * trace and mesh headers are written into the call's metadata, replacing any of the same name. The caller's context
 * is current in the response listener's callbacks.
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private final RpcClientHandler handler;
  private final CurrentTraceContext current;
  private final boolean messageEvents;

  TracingClientInterceptor(RpcClientHandler handler, CurrentTraceContext current, boolean messageEvents) {
    this.handler = handler;
    this.current = current;
    this.messageEvents = messageEvents;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions callOptions, Channel next) {
    TraceContext parent = current.get();
    if (parent == null) parent = MeshtraceGrpc.TRACE_CONTEXT.get();
    return new TracedCall<>(next.newCall(method, callOptions), method, parent, next.authority());
  }

  @SuppressWarnings("rawtypes") // the updater is for the class, whatever its type arguments
  private static final AtomicIntegerFieldUpdater<TracedCall> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(TracedCall.class, "finished");

  private final class TracedCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final TraceContext parent;
    private final String authority;
    private volatile int finished;
    private GrpcClientRequest request;
    private Span span;

    TracedCall(ClientCall<ReqT, RespT> delegate, MethodDescriptor<ReqT, RespT> method, TraceContext parent,
        String authority) {
      super(delegate);
      this.method = method;
      this.parent = parent;
      this.authority = authority;
    }

    @Override
    public void start(Listener<RespT> responseListener, Metadata headers) {
      request = new GrpcClientRequest(method, headers, authority);
      span = handler.handleSend(request, parent);
      try {
        super.start(new TracedListener(responseListener), headers);
      } catch (RuntimeException | Error e) {
        finish(Status.fromThrowable(e), e);
        throw e;
      }
    }

    @Override
    public void sendMessage(ReqT message) {
      super.sendMessage(message);
      if (messageEvents && span != null) span.annotate(TracingServerInterceptor.MESSAGE_SENT);
    }

    void finish(Status status, Throwable error) {
      if (span.isNoop() || !FINISHED.compareAndSet(this, 0, 1)) return;
      handler.handleReceive(new GrpcResponse(request, status, error, peer()), span);
    }

    private SocketAddress peer() {
      try {
        return delegate().getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      } catch (RuntimeException e) {
        return null; // not known: the span goes without the peer
      }
    }

    private final class TracedListener extends SimpleForwardingClientCallListener<RespT> {
      TracedListener(Listener<RespT> delegate) {
        super(delegate);
      }

      @Override
      public void onHeaders(Metadata headers) {
        try (Scope scope = current.maybeScope(parent)) {
          super.onHeaders(headers);
        }
      }

      @Override
      public void onMessage(RespT message) {
        if (messageEvents) span.annotate(TracingServerInterceptor.MESSAGE_RECEIVED);
        try (Scope scope = current.maybeScope(parent)) {
          super.onMessage(message);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        finish(status, null);
        try (Scope scope = current.maybeScope(parent)) {
          super.onClose(status, trailers);
        }
      }

      @Override
      public void onReady() {
        try (Scope scope = current.maybeScope(parent)) {
          super.onReady();
        }
      }
    }
  }
}
