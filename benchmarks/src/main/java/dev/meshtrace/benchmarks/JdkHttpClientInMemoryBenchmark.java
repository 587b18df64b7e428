package dev.meshtrace.benchmarks;

import java.net.http.HttpClient;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDK HttpClient wrappers without a network ({@link JdkHttpClientComparison}), around a client that answers 200
 * on the calling thread ({@link AnsweringHttpClient}). Every cost is on the benchmark's thread, so the added time per
 * call can be told apart, which the loopback benchmark's threads do not allow.
 */
@State(Scope.Thread)
public class JdkHttpClientInMemoryBenchmark extends JdkHttpClientComparison {
  final AnsweringHttpClient answering = new AnsweringHttpClient();

  @Setup
  public void start() throws Exception {
    createAndCheck("http://10.0.0.3:9080/ratings/0");
    otel();
    Inputs.check(answering.lastHeaders.firstValue("traceparent").isPresent(), "OpenTelemetry wrote traceparent");
    meshtrace();
    Inputs.check(answering.lastHeaders.firstValue("x-request-id").isPresent(), "meshtrace forwarded x-request-id");
  }

  @Override
  HttpClient newClient() {
    return answering;
  }

  @TearDown
  public void stop() {
    closeLibraries();
  }
}
