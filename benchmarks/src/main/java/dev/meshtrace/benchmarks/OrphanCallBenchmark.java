package dev.meshtrace.benchmarks;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.http.HttpServerHandler;
import dev.meshtrace.http.HttpServerRequest;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.sampling.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The orphan-call detector's cost (README, Trace-break diagnostics). {@code tracedCallDetectorOn}/{@code Off}: a
 * client call under a current server span through {@link HttpClientHandler} (headers written, span started and
 * finished), with detection on and off: the detector adds one null check, so the two should be within noise.
 * {@code orphanCallDetectorOn}/{@code Off}: the same call with no context current, after its site was recorded:
 * the difference is what an orphan call costs once known (target at most 100 ns). {@code orphanDetectorAlone}: the
 * detector's own work on such a call. Not a peer comparison: Brave and OpenTelemetry have no such detector.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class OrphanCallBenchmark extends PeerComparison {
  final CountingHandlers.Meshtrace spans = new CountingHandlers.Meshtrace();
  final Tracing on = tracing(OrphanCallSettings.defaults());
  final Tracing off = tracing(OrphanCallSettings.disabled());
  final HttpClientHandler clientOn = HttpClientHandler.create(HttpTracing.create(on));
  final HttpClientHandler clientOff = HttpClientHandler.create(HttpTracing.create(off));
  final OrphanCallDetector detector = InternalFactory.get().orphanCallDetector(on);
  final Outbound outbound = new Outbound();
  Span serverOn;
  Span serverOff;

  Tracing tracing(OrphanCallSettings settings) {
    return Tracing.newBuilder().serviceName("reviews").sampler(Sampler.ALWAYS).orphanCalls(settings)
        .addSpanHandler(spans).build();
  }

  /** Serving traced requests again (the detector counts a process as serving for 60 s after an inbound one). */
  @Setup(Level.Iteration)
  public void serve() {
    serverOn = HttpServerHandler.create(HttpTracing.create(on)).handleReceive(new Inbound());
    serverOff = HttpServerHandler.create(HttpTracing.create(off)).handleReceive(new Inbound());
  }

  @Setup
  public void recordTheSiteAndCheck() {
    serve();
    for (int i = 0; i < 20; i++) {
      orphanCallDetectorOn(); // past the first walks: the site is recorded
      orphanDetectorAlone();
    }
    Inputs.check(on.diagnostics().callSites().size() == 2, "sites " + on.diagnostics().callSites());
    Inputs.check(off.diagnostics().orphanCalls().isEmpty(), "detection off counted");
    tracedCallDetectorOn();
    Inputs.check(on.diagnostics().totalOrphanCalls() == 40, "a traced call counted");
  }

  @Benchmark
  public Span tracedCallDetectorOn() {
    return tracedCall(on, clientOn, serverOn);
  }

  @Benchmark
  public Span tracedCallDetectorOff() {
    return tracedCall(off, clientOff, serverOff);
  }

  @Benchmark
  public Span orphanCallDetectorOn() {
    return call(clientOn);
  }

  @Benchmark
  public Span orphanCallDetectorOff() {
    return call(clientOff);
  }

  @Benchmark
  public void orphanDetectorAlone() {
    detector.onUnparented(outbound, "GET", "ratings:9080");
  }

  static Span tracedCall(Tracing tracing, HttpClientHandler client, Span server) {
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      return call(client);
    }
  }

  static Span call(HttpClientHandler client) {
    Span span = client.handleSend(new Outbound());
    client.handleReceive(null, span);
    return span;
  }

  @TearDown
  public void close() {
    on.close();
    off.close();
  }

  /** {@code GET http://ratings:9080/ratings/7}, headers discarded. */
  static final class Outbound extends HttpClientRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/ratings/7";
    }

    @Override
    public String url() {
      return "http://ratings:9080/ratings/7";
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public void header(String name, String value) {}

    @Override
    public Object unwrap() {
      return this;
    }
  }

  /** An inbound {@code GET /reviews/7} with no headers. */
  static final class Inbound extends HttpServerRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/reviews/7";
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }
}
