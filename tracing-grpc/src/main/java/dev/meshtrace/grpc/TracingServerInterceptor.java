package dev.meshtrace.grpc;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.rpc.RpcServerHandler;
import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * One SERVER span per inbound call, from the call's start to its close or cancellation, for every call shape. The
 * span's context is current on the thread in every listener callback (which gRPC runs on its executor's threads)
 * and in the call's gRPC {@link Context} under {@link MeshtraceGrpc#TRACE_CONTEXT}, so work the handler forks with
 * {@code Context.current().wrap(...)} keeps it. An exception from the application ends the span with it and is
 * rethrown unchanged.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  static final String MESSAGE_SENT = "grpc.message_sent";
  static final String MESSAGE_RECEIVED = "grpc.message_received";

  private final RpcServerHandler handler;
  private final CurrentTraceContext current;
  private final boolean messageEvents;

  TracingServerInterceptor(RpcServerHandler handler, CurrentTraceContext current, boolean messageEvents) {
    this.handler = handler;
    this.current = current;
    this.messageEvents = messageEvents;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    GrpcServerRequest request = new GrpcServerRequest(call, headers);
    Span span = handler.handleReceive(request);
    Context callContext = Context.current();
    ServerCallSpan callSpan = new ServerCallSpan(handler, request, span, callContext.getDeadline());
    Context grpcContext = callContext.withValue(MeshtraceGrpc.TRACE_CONTEXT, span.context());
    ServerCall.Listener<ReqT> listener;
    Context previous = grpcContext.attach();
    try (Scope scope = current.maybeScope(span.context())) {
      listener = next.startCall(new TracedCall<>(call, callSpan), headers);
    } catch (RuntimeException | Error e) {
      callSpan.finish(Status.fromThrowable(e), e);
      throw e;
    } finally {
      grpcContext.detach(previous);
    }
    return new TracedListener<>(listener, callSpan, grpcContext);
  }

  private final class TracedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
    private final ServerCallSpan callSpan;

    TracedCall(ServerCall<ReqT, RespT> delegate, ServerCallSpan callSpan) {
      super(delegate);
      this.callSpan = callSpan;
    }

    @Override
    public void sendMessage(RespT message) {
      super.sendMessage(message);
      if (messageEvents) callSpan.span.annotate(MESSAGE_SENT);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      callSpan.finish(status, null);
      super.close(status, trailers);
    }
  }

  /**
   * Runs each callback with the call's gRPC {@code Context} attached and its span's context current, as
   * {@code Contexts.interceptCall} would attach the former, in one listener instead of two.
   */
  private final class TracedListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {
    private final ServerCallSpan callSpan;
    private final TraceContext context;
    private final Context grpcContext;

    TracedListener(ServerCall.Listener<ReqT> delegate, ServerCallSpan callSpan, Context grpcContext) {
      super(delegate);
      this.callSpan = callSpan;
      this.context = callSpan.span.context();
      this.grpcContext = grpcContext;
    }

    @Override
    public void onMessage(ReqT message) {
      if (messageEvents) callSpan.span.annotate(MESSAGE_RECEIVED);
      Context previous = grpcContext.attach();
      try (Scope scope = current.maybeScope(context)) {
        super.onMessage(message);
      } catch (RuntimeException | Error e) {
        callSpan.finish(Status.fromThrowable(e), e);
        throw e;
      } finally {
        grpcContext.detach(previous);
      }
    }

    @Override
    public void onHalfClose() {
      Context previous = grpcContext.attach();
      try (Scope scope = current.maybeScope(context)) {
        super.onHalfClose();
      } catch (RuntimeException | Error e) {
        callSpan.finish(Status.fromThrowable(e), e);
        throw e;
      } finally {
        grpcContext.detach(previous);
      }
    }

    @Override
    public void onCancel() {
      callSpan.finish(callSpan.deadlineExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED, null);
      Context previous = grpcContext.attach();
      try (Scope scope = current.maybeScope(context)) {
        super.onCancel();
      } finally {
        grpcContext.detach(previous);
      }
    }

    @Override
    public void onComplete() {
      Context previous = grpcContext.attach();
      try (Scope scope = current.maybeScope(context)) {
        super.onComplete();
      } finally {
        grpcContext.detach(previous);
      }
    }

    @Override
    public void onReady() {
      Context previous = grpcContext.attach();
      try (Scope scope = current.maybeScope(context)) {
        super.onReady();
      } catch (RuntimeException | Error e) {
        callSpan.finish(Status.fromThrowable(e), e);
        throw e;
      } finally {
        grpcContext.detach(previous);
      }
    }
  }
}
