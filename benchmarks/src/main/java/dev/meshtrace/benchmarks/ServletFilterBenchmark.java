package dev.meshtrace.benchmarks;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.servlet.TracingFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 10a: a tracing servlet filter's own cost per request, called directly on an in-memory request and
 * response with a chain that does nothing: meshtrace's {@link TracingFilter} against Brave's
 * ({@code brave-instrumentation-servlet-jakarta}). The request carries what a sidecar sends
 * ({@link Inputs#meshRequest()}); Brave is configured to forward the mesh headers as baggage fields. Each sampled
 * request ends in one server span handed to a counting handler.
 */
@State(Scope.Thread)
public class ServletFilterBenchmark extends PeerComparison {
  final FakeServletExchange exchange = new FakeServletExchange(Inputs.meshRequest());
  final FilterChain chain = (request, response) -> {};

  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  final Filter meshtraceFilter = TracingFilter.create(HttpTracing.create(meshtraceTracing));

  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.braveForMesh(braveSpans);
  final Filter braveFilter = brave.jakarta.servlet.TracingFilter.create(braveTracing);

  @Setup
  public void checkEachFilterReportsOneSpanPerRequest() throws IOException, ServletException {
    meshtrace();
    brave();
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(braveSpans.count == 1, "Brave reported " + braveSpans.count);
  }

  @Benchmark
  public HttpServletResponse meshtrace() throws IOException, ServletException {
    exchange.reset();
    meshtraceFilter.doFilter(exchange.request, exchange.response, chain);
    return exchange.response;
  }

  @Benchmark
  public HttpServletResponse brave() throws IOException, ServletException {
    exchange.reset();
    braveFilter.doFilter(exchange.request, exchange.response, chain);
    return exchange.response;
  }

  @TearDown
  public void close() {
    braveTracing.close();
  }
}
