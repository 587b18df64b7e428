package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.grpc.GrpcFixture.Started;
import dev.meshtrace.grpc.GrpcFixture.Transport;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both interceptors on real servers and channels, in-process and grpc-netty over loopback. */
class GrpcInterceptorsTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  GrpcFixture fixture = new GrpcFixture();
  Echo echo = new Echo(fixture.tracing.tracer());

  @AfterEach
  void close() throws InterruptedException {
    echo.close();
    fixture.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aUnaryCallIsAClientAndAServerSpanOfOneTraceWithTheRpcTags(Transport transport) throws Exception {
    Started server = fixture.start(transport, echo.definition(), true);
    Channel channel = fixture.channel(server, true);

    assertThat(ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello")).isEqualTo("hello");

    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    for (MutableSpan span : List.of(client, serverSpan)) {
      assertThat(span.name()).isEqualTo("test.Echo/Unary");
      assertThat(span.tag("rpc.system")).isEqualTo("grpc");
      assertThat(span.tag("rpc.service")).isEqualTo("test.Echo");
      assertThat(span.tag("rpc.method")).isEqualTo("Unary");
      assertThat(span.tag("rpc.grpc.status_code")).isEqualTo("0");
      assertThat(span.error()).isNull();
      assertThat(span.tag("error")).isNull();
    }
    assertThat(serverSpan.traceId()).isEqualTo(client.traceId());
    assertThat(serverSpan.parentId()).isEqualTo(client.spanId());
    assertThat(serverSpan.tag("guid:x-request-id")).isNotNull();
    assertCurrentEverywhere(serverSpan, "unary");
    if (transport == Transport.NETTY) {
      assertThat(serverSpan.remoteIp()).isEqualTo("127.0.0.1");
      assertThat(serverSpan.remotePort()).isPositive().isNotEqualTo(server.port());
      assertThat(client.remoteIp()).isEqualTo("127.0.0.1");
      assertThat(client.remotePort()).isEqualTo(server.port());
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aServerStreamingCallIsOneSpanEachSide(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);

    List<String> received = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(channel, Echo.SERVER_STREAMING, Echo.options(), "a,b,c")
        .forEachRemaining(received::add);

    assertThat(received).containsExactly("a", "b", "c");
    assertOneCallEachSide("test.Echo/ServerStream", "0");
    assertCurrentEverywhere(fixture.spans.onlySpan(SpanKind.SERVER), "serverStream");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aClientStreamingCallHasItsContextCurrentInEveryCallback(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);
    Responses responses = new Responses();

    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(
        channel.newCall(Echo.CLIENT_STREAMING, Echo.options()), responses);
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();

    assertThat(responses.done.get(10, TimeUnit.SECONDS)).containsExactly("a,b");
    assertOneCallEachSide("test.Echo/ClientStream", "0");
    assertCurrentEverywhere(fixture.spans.onlySpan(SpanKind.SERVER), "start", "onNext", "onNext", "onCompleted");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aBidiStreamingCallHasItsContextCurrentInEveryCallbackAndNoMessageEventsByDefault(Transport transport)
      throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);
    Responses responses = new Responses();

    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(Echo.BIDI, Echo.options()), responses);
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();

    assertThat(responses.done.get(10, TimeUnit.SECONDS)).containsExactly("a", "b");
    assertOneCallEachSide("test.Echo/Bidi", "0");
    assertCurrentEverywhere(fixture.spans.onlySpan(SpanKind.SERVER), "start", "onNext", "onNext", "onCompleted");
    assertThat(fixture.spans.spans()).allSatisfy(span -> assertThat(span.annotationCount()).isZero());
  }

  @Test
  void messageEventsAnnotateEveryMessageWhenEnabled() throws Exception {
    fixture.close();
    fixture = new GrpcFixture(t -> t, g -> g.messageEvents(true));
    echo = new Echo(fixture.tracing.tracer());
    Channel channel = fixture.channel(fixture.start(Transport.IN_PROCESS, echo.definition(), true), true);
    Responses responses = new Responses();

    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(Echo.BIDI, Echo.options()), responses);
    requests.onNext("a");
    requests.onNext("b");
    requests.onNext("c");
    requests.onCompleted();
    responses.done.get(10, TimeUnit.SECONDS);

    assertThat(annotations(fixture.spans.onlySpan(SpanKind.CLIENT)))
        .containsOnly("grpc.message_sent", "grpc.message_received")
        .filteredOn("grpc.message_sent"::equals).hasSize(3);
    assertThat(annotations(fixture.spans.onlySpan(SpanKind.CLIENT))).filteredOn("grpc.message_received"::equals)
        .hasSize(3);
    assertThat(annotations(fixture.spans.onlySpan(SpanKind.SERVER))).filteredOn("grpc.message_received"::equals)
        .hasSize(3);
    assertThat(annotations(fixture.spans.onlySpan(SpanKind.SERVER))).filteredOn("grpc.message_sent"::equals)
        .hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anExceptionInTheServiceIsTheServerSpansErrorAndEachSpanFinishesOnce(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "fail"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN));
    fixture.awaitTermination(); // every callback of the call has run: a second finish would be reported by now

    assertOneCallEachSide("test.Echo/Unary", "2");
    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    assertThat(serverSpan.error()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(fixture.spans.onlySpan(SpanKind.CLIENT).tag("error")).isEqualTo("UNKNOWN");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aStatusTheCallerCausedIsAnErrorOnlyForTheClient(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "not-found"))
        .isInstanceOf(StatusRuntimeException.class);

    assertOneCallEachSide("test.Echo/Unary", "5");
    assertThat(fixture.spans.onlySpan(SpanKind.SERVER).tag("error")).isNull();
    assertThat(fixture.spans.onlySpan(SpanKind.SERVER).error()).isNull();
    assertThat(fixture.spans.onlySpan(SpanKind.CLIENT).tag("error")).isEqualTo("NOT_FOUND");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCallPastItsDeadlineEndsBothSpansOnceWithTheStatus(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, Echo.UNARY,
        CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS), "hang"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    Echo.await(echo.hangingCancelled, () -> "the server to see the call cancelled");
    fixture.spans.awaitSpans(2, WAIT);
    fixture.awaitTermination();

    assertThat(fixture.spans.spans()).hasSize(2);
    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.tag("rpc.grpc.status_code")).isEqualTo("4");
    assertThat(client.tag("error")).isEqualTo("DEADLINE_EXCEEDED");
    // The server's own deadline timer or the client's cancellation, whichever reaches the server first, ends it.
    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    assertThat(serverSpan.tag("rpc.grpc.status_code")).isIn("4", "1");
    assertThat(serverSpan.tag("error")).isEqualTo(serverSpan.tag("rpc.grpc.status_code").equals("4")
        ? "DEADLINE_EXCEEDED" : null);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCancelledCallEndsBothSpansOnceAsCancelled(Transport transport) throws Exception {
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);
    Responses responses = new Responses();
    ClientCallStreamObserver<String> requests = (ClientCallStreamObserver<String>)
        ClientCalls.asyncBidiStreamingCall(channel.newCall(Echo.BIDI, Echo.options()), responses);

    requests.onNext("a");
    Echo.await(responses.first, () -> "the first echo");
    requests.cancel("the caller gave up", null);
    fixture.spans.awaitSpans(2, WAIT);
    fixture.awaitTermination();

    assertOneCallEachSide("test.Echo/Bidi", "1");
    assertThat(fixture.spans.onlySpan(SpanKind.CLIENT).tag("error")).isEqualTo("CANCELLED");
    assertThat(fixture.spans.onlySpan(SpanKind.SERVER).tag("error")).isNull();
  }

  @Test
  void anUnavailableServerEndsTheClientSpanOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Channel channel = fixture.channelToNowhere(port);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    fixture.awaitTermination();

    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    assertThat(fixture.spans.spans()).hasSize(1);
    assertThat(client.tag("rpc.grpc.status_code")).isEqualTo("14");
    assertThat(client.error() != null || "UNAVAILABLE".equals(client.tag("error"))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void workForkedWithTheGrpcContextParentsItsCallsOnTheServerSpan(Transport transport) throws Exception {
    Echo back = new Echo(fixture.tracing.tracer());
    echo.downstream = fixture.channel(fixture.start(transport, back.definition(), true), true);
    Channel channel = fixture.channel(fixture.start(transport, echo.definition(), true), true);

    assertThat(ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "fork")).isEqualTo("downstream");

    fixture.spans.awaitSpans(4, WAIT);
    MutableSpan front = fixture.spans.spans(s -> s.kind() == SpanKind.SERVER && s.parentId() != 0).stream()
        .filter(s -> fixture.spans.spans().stream().anyMatch(c -> c.kind() == SpanKind.CLIENT
            && c.parentId() == s.spanId())).findFirst().orElseThrow();
    Echo.Seen forked = echo.seen.stream().filter(s -> s.callback().equals("forked")).findFirst().orElseThrow();
    assertThat(forked.onThread()).as("nothing current on the forked thread itself").isNull();
    assertThat(forked.inGrpcContext().spanId()).isEqualTo(front.spanId());
    assertThat(fixture.spans.spans()).extracting(MutableSpan::traceId).containsOnly(front.traceId());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void headersTheApplicationSetAreReplacedNeverDuplicated(Transport transport) throws Exception {
    Started server = fixture.start(transport, echo.definition(), false);
    Metadata own = new Metadata();
    own.put(Metadata.Key.of("x-b3-traceid", Metadata.ASCII_STRING_MARSHALLER), "0000000000000001");
    own.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-bogus");
    own.put(Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER), "kept");
    Channel channel = fixture.channel(server, true, MetadataUtils.newAttachHeadersInterceptor(own));

    ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello");

    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    Metadata received = server.received().remove();
    assertThat(received.getAll(Metadata.Key.of("x-b3-traceid", Metadata.ASCII_STRING_MARSHALLER)))
        .containsExactly(client.traceIdString());
    assertThat(received.getAll(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER)))
        .containsExactly("00-" + client.traceIdString() + "-" + client.spanIdString() + "-01");
    assertThat(received.get(Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("kept");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void traceHeadersOfFormatsNotInjectedThatTheApplicationSetDoNotReachTheServer(Transport transport)
      throws Exception {
    fixture.close();
    fixture = new GrpcFixture(t -> t.propagation(Propagation.newBuilder().inject(List.of(Format.W3C)).build()),
        g -> g);
    echo = new Echo(fixture.tracing.tracer());
    Started server = fixture.start(transport, echo.definition(), false);
    Channel channel = fixture.channel(server, true, MetadataUtils.newAttachHeadersInterceptor(staleB3()));

    ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello");

    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    Metadata received = server.received().remove();
    assertThat(received.keys()).doesNotContain("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled")
        .contains("x-app");
    assertThat(received.get(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("00-" + client.traceIdString() + "-" + client.spanIdString() + "-01");
  }

  @Test
  void forwardModeLeavesTheTraceHeadersTheApplicationSet() throws Exception {
    fixture.close();
    fixture = new GrpcFixture(t -> t.mode(Mode.FORWARD), g -> g);
    echo = new Echo(fixture.tracing.tracer());
    Started server = fixture.start(Transport.IN_PROCESS, echo.definition(), false);
    Channel channel = fixture.channel(server, true, MetadataUtils.newAttachHeadersInterceptor(staleB3()));

    ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "hello");

    Metadata received = server.received().remove();
    assertThat(received.get(Metadata.Key.of("b3", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("0000000000000001-0000000000000002-1");
  }

  /** Trace headers an application set itself, with IDs of another trace. */
  static Metadata staleB3() {
    Metadata own = new Metadata();
    own.put(Metadata.Key.of("b3", Metadata.ASCII_STRING_MARSHALLER), "0000000000000001-0000000000000002-1");
    own.put(Metadata.Key.of("x-b3-traceid", Metadata.ASCII_STRING_MARSHALLER), "0000000000000001");
    own.put(Metadata.Key.of("x-b3-spanid", Metadata.ASCII_STRING_MARSHALLER), "0000000000000002");
    own.put(Metadata.Key.of("x-b3-sampled", Metadata.ASCII_STRING_MARSHALLER), "1");
    own.put(Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER), "kept");
    return own;
  }

  /** One client and one server span of the call, finished with {@code statusCode}, in one trace. */
  void assertOneCallEachSide(String name, String statusCode) {
    assertThat(fixture.spans.spans()).hasSize(2);
    MutableSpan client = fixture.spans.onlySpan(SpanKind.CLIENT);
    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    assertThat(List.of(client, serverSpan)).allSatisfy(span -> {
      assertThat(span.name()).isEqualTo(name);
      assertThat(span.tag("rpc.grpc.status_code")).isEqualTo(statusCode);
    });
    assertThat(serverSpan.parentId()).isEqualTo(client.spanId());
  }

  /** The server span's context was current on the thread and in the gRPC Context in each of {@code callbacks}. */
  void assertCurrentEverywhere(MutableSpan serverSpan, String... callbacks) {
    assertThat(echo.seen).extracting(Echo.Seen::callback).containsExactly(callbacks);
    for (Echo.Seen seen : echo.seen) {
      for (TraceContext context : new TraceContext[] {seen.onThread(), seen.inGrpcContext()}) {
        assertThat(context).as(seen.toString()).isNotNull();
        assertThat(context.spanId()).as(seen.toString()).isEqualTo(serverSpan.spanId());
      }
    }
  }

  static List<String> annotations(MutableSpan span) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < span.annotationCount(); i++) values.add(span.annotationValue(i));
    return values;
  }

  /** Collects a call's responses; {@code done} completes with them or fails with the call's error. */
  static final class Responses implements StreamObserver<String> {
    final List<String> values = new CopyOnWriteArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();
    final CountDownLatch first = new CountDownLatch(1);

    @Override
    public void onNext(String value) {
      values.add(value);
      first.countDown();
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(values);
    }
  }
}
