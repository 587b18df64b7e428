package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.rpc.RpcTags;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client interceptor does around a call, without a transport: every response callback reaches the
 * application's listener under the caller's context, and a call that fails to start ends its span with the error.
 */
class TracingClientInterceptorTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  final RecordingChannel channel = new RecordingChannel();
  final Channel traced = io.grpc.ClientInterceptors.intercept(channel,
      MeshtraceGrpc.create(RpcTracing.create(tracing)).clientInterceptor());

  @AfterEach
  void close() {
    tracing.close();
  }

  @Test
  void everyResponseCallbackReachesTheApplicationUnderTheCallersContext() {
    Span caller = tracing.tracer().newTrace().start();
    List<String> seen = new ArrayList<>();
    List<TraceContext> contexts = new ArrayList<>();
    ClientCall.Listener<String> application = new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata headers) {
        record("onHeaders");
      }

      @Override
      public void onMessage(String message) {
        record("onMessage");
      }

      @Override
      public void onReady() {
        record("onReady");
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        record("onClose");
      }

      private void record(String callback) {
        seen.add(callback);
        contexts.add(tracing.tracer().currentContext());
      }
    };
    try (Scope scope = tracing.tracer().withSpanInScope(caller)) {
      traced.newCall(Echo.UNARY, CallOptions.DEFAULT).start(application, new Metadata());
    }

    ClientCall.Listener<String> transport = channel.started.listener;
    transport.onReady();
    transport.onHeaders(new Metadata());
    transport.onMessage("echo");
    transport.onClose(Status.OK, new Metadata());

    assertThat(seen).containsExactly("onReady", "onHeaders", "onMessage", "onClose");
    assertThat(contexts).containsOnly(caller.context());
    assertThat(tracing.tracer().currentContext()).isNull();
    assertThat(spans.spans()).singleElement().satisfies(span -> {
      assertThat(span.parentId()).isEqualTo(caller.context().spanId());
      assertThat(span.tag(RpcTags.GRPC_STATUS_CODE)).isEqualTo("0");
    });
  }

  @Test
  void aCallThatFailsToStartEndsItsSpanWithTheErrorAndRethrowsIt() {
    IllegalStateException refused = new IllegalStateException("channel shut down");
    channel.startFailure = refused;

    assertThatThrownBy(() -> traced.newCall(Echo.UNARY, CallOptions.DEFAULT)
        .start(new ClientCall.Listener<>() {}, new Metadata())).isSameAs(refused);

    assertThat(spans.spans()).singleElement().extracting(MutableSpan::error).isSameAs(refused);
  }

  /** A channel whose calls only remember how they were started, or fail to start. */
  static final class RecordingChannel extends Channel {
    RecordingCall started;
    RuntimeException startFailure;

    @Override
    @SuppressWarnings("unchecked")
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      started = new RecordingCall(startFailure);
      return (ClientCall<ReqT, RespT>) started;
    }

    @Override
    public String authority() {
      return "echo:443";
    }
  }

  static final class RecordingCall extends ClientCall<String, String> {
    private final RuntimeException startFailure;
    Listener<String> listener;

    RecordingCall(RuntimeException startFailure) {
      this.startFailure = startFailure;
    }

    @Override
    public void start(Listener<String> responseListener, Metadata headers) {
      if (startFailure != null) throw startFailure;
      listener = responseListener;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {}

    @Override
    public void sendMessage(String message) {}
  }
}
