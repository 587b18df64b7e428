package dev.meshtrace.benchmarks;

import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Operation 1b: operation 1's {@code X-B3-*} headers, with new IDs on every request. */
public class ExtractB3MultiNewTraceBenchmark extends ExtractNewTraceComparison {
  final brave.propagation.TraceContext.Extractor<Map<String, String>> braveExtractor =
      Libraries.bravePropagation().extractor(Carriers.BRAVE_GETTER);

  @Override
  void writeHeaders() {
    carrier.put("x-b3-traceid", traceId);
    carrier.put("x-b3-spanid", spanId);
    carrier.put("x-b3-parentspanid", parentId);
    carrier.put("x-b3-sampled", "1");
  }

  @Setup
  public void checkBraveReadsEachRequest() {
    for (int i = 0; i < 1000; i++) {
      brave.propagation.TraceContext theirs = brave().context();
      Inputs.check(theirs != null && traceId.equals(theirs.traceIdString()) && spanId.equals(theirs.spanIdString())
          && parentId.equals(theirs.parentIdString()) && Boolean.TRUE.equals(theirs.sampled()),
          "Brave extract " + theirs);
    }
  }

  @Benchmark
  public brave.propagation.TraceContextOrSamplingFlags brave() {
    return braveExtractor.extract(nextRequest());
  }
}
