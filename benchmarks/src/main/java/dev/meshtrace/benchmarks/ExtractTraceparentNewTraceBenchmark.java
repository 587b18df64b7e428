package dev.meshtrace.benchmarks;

/** Operation 3b: operation 3's {@code traceparent}, with new IDs on every request. Brave has no W3C codec. */
public class ExtractTraceparentNewTraceBenchmark extends ExtractNewTraceComparison {
  @Override
  void writeHeaders() {
    carrier.put("traceparent", "00-" + traceId + "-" + spanId + "-01");
  }
}
