package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import java.io.IOException;
import java.util.List;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 10c: the per-call cost of OkHttp tracing without a network, under a current server span: the call is
 * created by each library's instrumented call factory, then runs through its interceptors on a {@link FakeChain}
 * that answers 200. meshtrace: {@link MeshtraceOkHttp#instrument} (caller-context capture, application and network
 * interceptors); Brave: {@code brave-instrumentation-okhttp3} ({@code TracingCallFactory} and its network
 * {@code TracingInterceptor}); {@code plain}: an uninstrumented client, the cost both add to.
 */
@State(Scope.Thread)
public class OkHttpInterceptorBenchmark extends PeerComparison {
  final Request request = new Request.Builder().url("http://10.0.0.3:9080/reviews/0").build();
  final Response response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200)
      .message("OK").build();
  final OkHttpClient client = new OkHttpClient();

  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final MeshtraceOkHttp meshtraceOkHttp = MeshtraceOkHttp.create(HttpTracing.create(meshtraceTracing));
  final Call.Factory meshtraceClient = meshtraceOkHttp.instrument(client);
  final List<Interceptor> meshtraceInterceptors =
      List.of(meshtraceOkHttp.applicationInterceptor(), meshtraceOkHttp.networkInterceptor());

  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.braveForMesh(braveSpans);
  final brave.http.HttpTracing braveHttpTracing = brave.http.HttpTracing.create(braveTracing);
  final Call.Factory braveClient = brave.okhttp3.TracingCallFactory.create(braveHttpTracing, client);
  final List<Interceptor> braveInterceptors = List.of(brave.okhttp3.TracingInterceptor.create(braveHttpTracing));

  ServerSpans serverSpans;

  @Setup
  public void startServerSpansAndCheck() throws IOException {
    serverSpans = new ServerSpans(meshtraceTracing, braveTracing);
    plain();
    meshtrace();
    brave();
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(braveSpans.count == 1, "Brave reported " + braveSpans.count);
  }

  @Benchmark
  public Response plain() throws IOException {
    return new FakeChain(List.of(), client.newCall(request), response).proceed(request);
  }

  @Benchmark
  public Response meshtrace() throws IOException {
    Call call = meshtraceClient.newCall(request);
    return new FakeChain(meshtraceInterceptors, call, response).proceed(call.request());
  }

  @Benchmark
  public Response brave() throws IOException {
    Call call = braveClient.newCall(request);
    return new FakeChain(braveInterceptors, call, response).proceed(call.request());
  }

  @TearDown
  public void close() {
    serverSpans.close();
    braveTracing.close();
  }
}
