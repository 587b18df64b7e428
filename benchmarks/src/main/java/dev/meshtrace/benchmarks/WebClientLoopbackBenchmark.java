package dev.meshtrace.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Whole Spring {@code WebClient} calls over Reactor Netty (one pooled connection) to a real Jetty over loopback
 * ({@link WebClientComparison}). Much of a call runs on Reactor Netty's and the server's threads, so the added time is
 * hard to tell apart here; {@link WebClientInMemoryBenchmark} measures it.
 */
@State(Scope.Thread)
public class WebClientLoopbackBenchmark extends WebClientComparison {
  final ConnectionProvider connections = ConnectionProvider.create("bench", 1);
  LoopbackServer server;

  @Setup
  public void start() throws Exception {
    server = LoopbackServer.plain();
    createAndCheck("http://127.0.0.1:" + server.port() + "/plain/items");
  }

  @Override
  WebClient.Builder newBuilder() {
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create(connections)));
  }

  @TearDown
  public void stop() throws Exception {
    closeLibraries();
    server.stop();
    connections.disposeLater().block();
  }
}
