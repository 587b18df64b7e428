package dev.meshtrace.benchmarks;

import java.net.http.HttpClient;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole {@code java.net.http.HttpClient} calls (HTTP/1.1, one pooled connection) to a real Jetty over loopback
 * ({@link JdkHttpClientComparison}). Much of a call runs on the client's and the server's own threads, so the added
 * time is hard to tell apart here; {@link JdkHttpClientInMemoryBenchmark} measures it.
 */
@State(Scope.Thread)
public class JdkHttpClientLoopbackBenchmark extends JdkHttpClientComparison {
  LoopbackServer server;

  @Setup
  public void start() throws Exception {
    server = LoopbackServer.plain();
    createAndCheck("http://127.0.0.1:" + server.port() + "/plain/items");
  }

  @Override
  HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @TearDown
  public void stop() throws Exception {
    closeLibraries();
    server.stop();
  }
}
