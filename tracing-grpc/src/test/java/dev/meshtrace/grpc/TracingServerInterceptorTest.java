package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the server interceptor does around each callback, on the thread that runs it: the call's context current and
 * in the gRPC {@code Context} while the application's listener runs, every callback passed on, and both contexts
 * back to what they were afterwards, so a pooled executor thread keeps nothing of the call.
 */
class TracingServerInterceptorTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("echo").addSpanHandler(spans).build();
  final RecordingApplication application = new RecordingApplication();
  final Context.Key<String> applicationKey = Context.key("application");

  @AfterEach
  void close() {
    tracing.close();
  }

  /** An application whose handler and listener record each callback they receive and the contexts current in it. */
  final class RecordingApplication {
    final List<String> seen = new ArrayList<>();
    final List<TraceContext> traceContexts = new ArrayList<>();
    final List<TraceContext> grpcTraceContexts = new ArrayList<>();

    void record(String callback) {
      seen.add(callback);
      traceContexts.add(tracing.tracer().currentContext());
      grpcTraceContexts.add(MeshtraceGrpc.TRACE_CONTEXT.get());
    }

    ServerCall.Listener<String> tracedListener() {
      ServerCallHandler<String, String> application = (call, headers) -> {
        record("startCall");
        return new ServerCall.Listener<>() {
          @Override
          public void onMessage(String message) {
            record("onMessage");
          }

          @Override
          public void onHalfClose() {
            record("onHalfClose");
          }

          @Override
          public void onCancel() {
            record("onCancel");
          }

          @Override
          public void onComplete() {
            record("onComplete");
          }

          @Override
          public void onReady() {
            record("onReady");
          }
        };
      };
      return MeshtraceGrpc.create(RpcTracing.create(tracing)).serverInterceptor()
          .interceptCall(new IdleCall(), new Metadata(), application);
    }
  }

  @Test
  void everyCallbackReachesTheApplicationUnderTheCallsContextAndLeavesTheThreadAsItFoundIt() {
    Context outside = Context.current().withValue(applicationKey, "kept");
    Context previous = outside.attach();
    try {
      ServerCall.Listener<String> listener = application.tracedListener();
      assertThreadAsFound(outside);
      listener.onReady();
      assertThreadAsFound(outside);
      listener.onMessage("hello");
      assertThreadAsFound(outside);
      listener.onHalfClose();
      assertThreadAsFound(outside);
      listener.onComplete();
      assertThreadAsFound(outside);
      listener.onCancel();
      assertThreadAsFound(outside);
    } finally {
      outside.detach(previous);
    }

    assertThat(application.seen)
        .containsExactly("startCall", "onReady", "onMessage", "onHalfClose", "onComplete", "onCancel");
    TraceContext server = application.traceContexts.get(0);
    assertThat(spans.spans()).singleElement().satisfies(span -> assertThat(span.spanId()).isEqualTo(server.spanId()));
    assertThat(application.traceContexts).containsOnly(server);
    assertThat(application.grpcTraceContexts).containsOnly(server);
  }

  private void assertThreadAsFound(Context outside) {
    assertThat(Context.current()).isSameAs(outside);
    assertThat(MeshtraceGrpc.TRACE_CONTEXT.get()).isNull();
    assertThat(tracing.tracer().currentContext()).isNull();
  }

  /** A call that has started and does nothing: the interceptor only reads its method. */
  static final class IdleCall extends ServerCall<String, String> {
    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(String message) {}

    @Override
    public void close(Status status, Metadata trailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      return Echo.UNARY;
    }
  }
}
