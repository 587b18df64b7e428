package dev.meshtrace.benchmarks;

import dev.meshtrace.grpc.MeshtraceGrpc;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A unary gRPC call over the in-process transport, traced on both sides (a client span and a server span, the
 * headers written into and read from the call's metadata): meshtrace's interceptors ({@code tracing-grpc}), Brave's
 * {@code brave-instrumentation-grpc} and OpenTelemetry's {@code opentelemetry-grpc-1.6} library instrumentation,
 * against {@code plain}, the same call untraced. As in the HTTP client comparisons, each call is made under a server
 * span of its library current on the benchmark's thread (a service calling its neighbour while it serves a request,
 * so each client span is a child, carrying the inbound request's mesh headers where a library forwards them). Server
 * and channel run callbacks on the calling thread (direct executors), so the figures are the call's own cost plus
 * each library's. {@code meshtrace} is meshtrace's defaults (B3 multi and W3C written, Istio's mesh headers read and
 * forwarded, a request ID made on the server); {@code meshtraceB3Multi} does what Brave does: B3 read, B3 multi
 * written, nothing forwarded.
 *
 * <p>Every variant runs on gRPC's own context storage. OpenTelemetry's gRPC library ships a replacement,
 * {@code io.grpc.override.ContextStorageOverride}, that gRPC installs JVM-wide when the class is on the class path;
 * it would route every library's context changes, and {@code plain}'s, through OpenTelemetry's context. The
 * benchmarks jar leaves it out, and the set-up checks that it is absent, so OpenTelemetry's figures are without that
 * bridge (its two spans are still checked to be reported).
 */
@State(Scope.Thread)
public class GrpcUnaryBenchmark extends PeerComparison {
  static final String CONTEXT_STORAGE_OVERRIDE = "io.grpc.override.ContextStorageOverride";

  static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, GrpcUnaryBenchmark.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException absent) {
      return false;
    }
  }

  static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<String, String> GET_RATING = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bookinfo.Ratings/GetRating")
      .setRequestMarshaller(STRING).setResponseMarshaller(STRING).build();

  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  /** meshtrace doing Brave's work: B3 multi alone, no mesh header forwarded, no request ID. */
  final CountingHandlers.Meshtrace meshtraceB3MultiSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceB3MultiTracing = Libraries.meshtraceWriting(Format.B3_MULTI,
      meshtraceB3MultiSpans);
  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.brave(braveSpans);
  final CountingHandlers.Otel otelSpans = new CountingHandlers.Otel();
  final SdkTracerProvider otelProvider = Libraries.otel(otelSpans);
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(otelProvider)
      .setPropagators(ContextPropagators.create(Libraries.otelPropagator())).build();

  final List<Server> servers = new ArrayList<>();
  final List<ManagedChannel> channels = new ArrayList<>();
  Channel plainChannel;
  Channel meshtraceChannel;
  Channel meshtraceB3MultiChannel;
  Channel braveChannel;
  Channel otelChannel;
  ServerSpans serverSpans;

  @Setup
  public void start() throws IOException {
    MeshtraceGrpc meshtrace = MeshtraceGrpc.create(RpcTracing.create(meshtraceTracing));
    brave.grpc.GrpcTracing braveGrpc = brave.grpc.GrpcTracing.create(braveTracing);
    GrpcTelemetry otelGrpc = GrpcTelemetry.create(otel);
    plainChannel = channel(null, null);
    meshtraceChannel = channel(meshtrace.serverInterceptor(), meshtrace.clientInterceptor());
    MeshtraceGrpc meshtraceB3Multi = MeshtraceGrpc.create(RpcTracing.create(meshtraceB3MultiTracing));
    meshtraceB3MultiChannel = channel(meshtraceB3Multi.serverInterceptor(), meshtraceB3Multi.clientInterceptor());
    braveChannel = channel(braveGrpc.newServerInterceptor(), braveGrpc.newClientInterceptor());
    otelChannel = channel(otelGrpc.createServerInterceptor(), otelGrpc.createClientInterceptor());
    serverSpans = new ServerSpans(braveTracing, otel, meshtraceTracing, meshtraceB3MultiTracing);
    plain();
    meshtrace();
    meshtraceB3Multi();
    brave();
    otel();
    Inputs.check(!onClassPath(CONTEXT_STORAGE_OVERRIDE), CONTEXT_STORAGE_OVERRIDE + " is on the class path");
    Inputs.check(meshtraceSpans.count == 2, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(meshtraceB3MultiSpans.count == 2, "meshtrace (B3 multi only) reported " + meshtraceB3MultiSpans.count);
    Inputs.check(braveSpans.count == 2, "Brave reported " + braveSpans.count);
    Inputs.check(otelSpans.count == 2, "OpenTelemetry reported " + otelSpans.count);
  }

  private Channel channel(ServerInterceptor serverInterceptor, ClientInterceptor clientInterceptor)
      throws IOException {
    String name = "ratings-" + servers.size();
    ServerServiceDefinition ratings = ServerServiceDefinition.builder("bookinfo.Ratings")
        .addMethod(GET_RATING, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext("5");
          out.onCompleted();
        })).build();
    servers.add(InProcessServerBuilder.forName(name).directExecutor()
        .addService(serverInterceptor == null ? ratings : ServerInterceptors.intercept(ratings, serverInterceptor))
        .build().start());
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    channels.add(channel);
    return clientInterceptor == null ? channel : ClientInterceptors.intercept(channel, clientInterceptor);
  }

  @Benchmark
  public String plain() {
    return ClientCalls.blockingUnaryCall(plainChannel, GET_RATING, CallOptions.DEFAULT, "0");
  }

  @Benchmark
  public String meshtrace() {
    return ClientCalls.blockingUnaryCall(meshtraceChannel, GET_RATING, CallOptions.DEFAULT, "0");
  }

  @Benchmark
  public String meshtraceB3Multi() {
    return ClientCalls.blockingUnaryCall(meshtraceB3MultiChannel, GET_RATING, CallOptions.DEFAULT, "0");
  }

  @Benchmark
  public String brave() {
    return ClientCalls.blockingUnaryCall(braveChannel, GET_RATING, CallOptions.DEFAULT, "0");
  }

  @Benchmark
  public String otel() {
    return ClientCalls.blockingUnaryCall(otelChannel, GET_RATING, CallOptions.DEFAULT, "0");
  }

  @TearDown
  public void close() throws InterruptedException {
    serverSpans.close();
    for (ManagedChannel channel : channels) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    for (Server server : servers) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    braveTracing.close();
    otelProvider.close();
  }
}
