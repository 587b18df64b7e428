package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import java.io.IOException;
import java.util.Collections;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 10d: whole OkHttp calls to a real Jetty over loopback (one pooled connection), under a current server
 * span: an uninstrumented client ({@code plain}), meshtrace's {@link MeshtraceOkHttp#instrument} and Brave's
 * {@code TracingCallFactory}. The throughput cost of tracing is {@code plain} time divided by a library's time.
 */
@State(Scope.Thread)
public class OkHttpLoopbackBenchmark extends PeerComparison {
  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.braveForMesh(braveSpans);

  LoopbackServer server;
  Request request;
  OkHttpClient client;
  Call.Factory meshtraceClient;
  Call.Factory braveClient;
  ServerSpans serverSpans;

  @Setup
  public void start() throws Exception {
    server = new LoopbackServer(Collections.singletonMap("/plain", null));
    request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/plain/items").build();
    client = new OkHttpClient();
    meshtraceClient = MeshtraceOkHttp.create(HttpTracing.create(meshtraceTracing)).instrument(client);
    braveClient = brave.okhttp3.TracingCallFactory.create(braveTracing, client);
    serverSpans = new ServerSpans(meshtraceTracing, braveTracing);
    Inputs.check(plain() == 200 && meshtrace() == 200 && brave() == 200, "every client gets 200");
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(braveSpans.count == 1, "Brave reported " + braveSpans.count);
  }

  @Benchmark
  public int plain() throws IOException {
    return execute(client);
  }

  @Benchmark
  public int meshtrace() throws IOException {
    return execute(meshtraceClient);
  }

  @Benchmark
  public int brave() throws IOException {
    return execute(braveClient);
  }

  private int execute(Call.Factory factory) throws IOException {
    try (Response response = factory.newCall(request).execute()) {
      response.body().bytes();
      return response.code();
    }
  }

  @TearDown
  public void stop() throws Exception {
    serverSpans.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.stop();
    braveTracing.close();
  }
}
