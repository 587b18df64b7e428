package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.grpc.GrpcFixture.Started;
import dev.meshtrace.grpc.GrpcFixture.Transport;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import dev.meshtrace.servlet.TracingFilter;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP in, gRPC out, gRPC in, HTTP out: a servlet service (Jetty with {@code TracingFilter}) calls a gRPC service
 * over grpc-netty, which calls an HTTP service with a traced OkHttp client. The sidecar's headers reach the last hop
 * and the spans form one trace.
 */
class HttpGrpcHttpChainTest {
  static final String GRPC_TRACE_BIN = "AABGOsNcn2QTrUhIWjlTu2EkAaL7Sh0altMSAgE";

  final GrpcFixture fixture = new GrpcFixture();
  final List<Server> jettys = new ArrayList<>();
  final Queue<Map<String, List<String>>> lastHop = new ConcurrentLinkedQueue<>();

  @AfterEach
  void close() throws Exception {
    for (Server jetty : jettys) jetty.stop();
    fixture.close();
  }

  @Test
  void theTraceAndEveryMeshHeaderCrossBothProtocolBoundaries() throws Exception {
    HttpTracing httpTracing = HttpTracing.create(fixture.tracing);
    int last = jetty(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
          headers.put(name.toLowerCase(java.util.Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        lastHop.add(headers);
        response.getWriter().write("rated");
      }
    }, null);
    OkHttpClient okHttp = MeshtraceOkHttp.create(httpTracing).instrument(new OkHttpClient());
    ServerServiceDefinition ratings = ServerServiceDefinition.builder("test.Echo")
        .addMethod(Echo.UNARY, ServerCalls.asyncUnaryCall((request, out) -> {
          try (Response response = okHttp.newCall(new Request.Builder()
              .url("http://127.0.0.1:" + last + "/ratings").build()).execute()) {
            out.onNext(response.body().string());
            out.onCompleted();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }))
        .build();
    Started grpcServer = fixture.start(Transport.NETTY, ratings, true);
    Channel channel = fixture.channel(grpcServer, true);
    int first = jetty(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write(ClientCalls.blockingUnaryCall(channel, Echo.UNARY, Echo.options(), "rate"));
      }
    }, httpTracing);

    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first + "/reviews"))
        .timeout(Duration.ofSeconds(30)).header("grpc-trace-bin", GRPC_TRACE_BIN);
    IstioHeadersThroughGrpcTest.ISTIO.forEach(request::header);
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("rated");
    Map<String, List<String>> received = lastHop.remove();
    for (String name : IstioHeadersThroughGrpcTest.MESH) {
      assertThat(received.get(name)).as(name).containsExactly(IstioHeadersThroughGrpcTest.ISTIO.get(name));
    }
    assertThat(received.get("grpc-trace-bin")).as("binary through gRPC, the same bytes in gRPC's text form")
        .containsExactly(GRPC_TRACE_BIN);
    fixture.spans.awaitSpans(4, Duration.ofSeconds(10));
    List<MutableSpan> spans = fixture.spans.spans();
    assertThat(spans).extracting(MutableSpan::traceIdString).containsOnly(IstioHeadersThroughGrpcTest.TRACE_ID);
    MutableSpan httpIn = only(spans, SpanKind.SERVER, "GET");
    MutableSpan grpcOut = only(spans, SpanKind.CLIENT, "test.Echo/Unary");
    MutableSpan grpcIn = only(spans, SpanKind.SERVER, "test.Echo/Unary");
    MutableSpan httpOut = only(spans, SpanKind.CLIENT, "GET");
    assertThat(httpIn.parentIdString()).isEqualTo(IstioHeadersThroughGrpcTest.CALLER_SPAN);
    assertThat(grpcOut.parentId()).isEqualTo(httpIn.spanId());
    assertThat(grpcIn.parentId()).isEqualTo(grpcOut.spanId());
    assertThat(httpOut.parentId()).isEqualTo(grpcIn.spanId());
    assertThat(received.get("x-b3-spanid")).containsExactly(httpOut.spanIdString());
    assertThat(grpcIn.tag("guid:x-request-id")).isEqualTo(IstioHeadersThroughGrpcTest.ISTIO.get("x-request-id"));
  }

  static MutableSpan only(List<MutableSpan> spans, SpanKind kind, String name) {
    return spans.stream().filter(s -> s.kind() == kind && s.name().equals(name))
        .reduce((a, b) -> { throw new AssertionError("two " + kind + " spans named " + name + ": " + spans); })
        .orElseThrow(() -> new AssertionError("no " + kind + " span named " + name + ": " + spans));
  }

  /** Starts Jetty on a free loopback port serving {@code servlet} at every path, traced when given tracing. */
  int jetty(HttpServlet servlet, HttpTracing tracing) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    if (tracing != null) {
      context.addServletContainerInitializer((classes, servletContext) ->
          TracingFilter.create(tracing).addTo(servletContext));
    }
    server.setHandler(context);
    server.setStopTimeout(TimeUnit.SECONDS.toMillis(5));
    server.start();
    jettys.add(server);
    return connector.getLocalPort();
  }
}
