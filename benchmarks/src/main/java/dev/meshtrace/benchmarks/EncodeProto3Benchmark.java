package dev.meshtrace.benchmarks;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.zipkin.MutableSpanBytesEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Operation 9b: the span of {@link EncodeJsonBenchmark} encoded as Zipkin proto3 (one {@code ListOfSpans} entry):
 * meshtrace's encoder against zipkin-reporter-brave's for Brave's span.
 */
@State(Scope.Benchmark)
public class EncodeProto3Benchmark extends PeerComparison {
  final MutableSpan meshtraceSpan = EncodeJsonBenchmark.meshtraceSpan();
  final brave.handler.MutableSpan braveSpan = EncodeJsonBenchmark.braveSpan();

  @Setup
  public void checkBothEncodeTheSameSpan() {
    zipkin2.Span ours = SpanBytesDecoder.PROTO3.decodeOne(meshtrace());
    zipkin2.Span theirs = SpanBytesDecoder.PROTO3.decodeOne(brave());
    Inputs.check(ours.equals(theirs) && ours.tags().size() == 3, "encoders disagree: " + ours + " vs " + theirs);
  }

  @Benchmark
  public byte[] meshtrace() {
    return MutableSpanBytesEncoder.PROTO3.encode(meshtraceSpan);
  }

  @Benchmark
  public byte[] brave() {
    return zipkin2.reporter.brave.MutableSpanBytesEncoder.PROTO3.encode(braveSpan);
  }
}
