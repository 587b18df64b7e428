package dev.meshtrace.benchmarks;

import brave.propagation.TraceContextOrSamplingFlags;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Reading a B3 context, which Brave reads too; the parent span ID must come through for meshtrace and Brave. */
public abstract class ExtractB3Comparison extends ExtractComparison {
  final brave.propagation.TraceContext.Extractor<Map<String, String>> braveExtractor =
      Libraries.bravePropagation().extractor(Carriers.BRAVE_GETTER);

  ExtractB3Comparison(Map<String, String> inbound) {
    super(inbound);
  }

  @Setup
  public void checkTheParentComesThrough() {
    Inputs.check(Inputs.PARENT_ID.equals(meshtrace().parentIdString()), "meshtrace parent");
    brave.propagation.TraceContext theirs = brave().context();
    Inputs.check(Inputs.TRACE_ID.equals(theirs.traceIdString()) && Inputs.PARENT_ID.equals(theirs.parentIdString())
        && theirs.sampled(), "Brave extract " + theirs);
  }

  @Benchmark
  public TraceContextOrSamplingFlags brave() {
    return braveExtractor.extract(inbound);
  }
}
