package dev.meshtrace.benchmarks;

import dev.meshtrace.TraceContext;
import dev.meshtrace.propagation.Propagation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a context when every request brings new IDs, as a service's requests mostly do (a new span ID on each, a
 * new trace ID on most). Operations 1 to 3 read the same IDs on every call, and the processor learns their digits
 * (it learns a few hundred requests read in turn too); here each call first writes new random IDs into the carrier,
 * which {@code newRequest} measures alone: read each library's cost as its time minus {@code newRequest}'s.
 * meshtrace reads the trace headers by name ({@code b3}, {@code X-B3-*}, {@code traceparent}, {@code tracestate}),
 * OpenTelemetry B3 and W3C; subclasses choose which headers carry the IDs.
 */
@State(Scope.Thread)
public abstract class ExtractNewTraceComparison extends PeerComparison {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  final Propagation meshtracePropagation = Libraries.meshtraceTraceHeadersOnly();
  final TextMapPropagator otelPropagator = Libraries.otelPropagator();
  final Map<String, String> carrier = Carriers.headers();
  private final SplittableRandom random = new SplittableRandom(1);
  String traceId;
  String spanId;
  String parentId;

  /** Writes {@link #traceId}, {@link #spanId} and {@link #parentId} into {@link #carrier}, sampled. */
  abstract void writeHeaders();

  /** The carrier, with new IDs. */
  Map<String, String> nextRequest() {
    traceId = hex(random.nextLong(), random.nextLong());
    spanId = hex(random.nextLong());
    parentId = hex(random.nextLong());
    writeHeaders();
    return carrier;
  }

  private static String hex(long... halves) {
    byte[] ascii = new byte[halves.length * 16];
    for (int h = 0; h < halves.length; h++) {
      long value = halves[h] | 1; // never zero
      for (int i = h * 16 + 15; i >= h * 16; i--, value >>>= 4) ascii[i] = HEX[(int) (value & 0xf)];
    }
    return new String(ascii, StandardCharsets.ISO_8859_1);
  }

  @Setup
  public void checkEveryLibraryReadsEachRequest() {
    for (int i = 0; i < 1000; i++) {
      TraceContext ours = meshtrace();
      Inputs.check(traceId.equals(ours.traceIdString()) && spanId.equals(ours.spanIdString()) && ours.isSampled(),
          "meshtrace extract " + ours);
      SpanContext theirs = Span.fromContext(otel()).getSpanContext();
      Inputs.check(traceId.equals(theirs.getTraceId()) && spanId.equals(theirs.getSpanId()) && theirs.isSampled(),
          "OpenTelemetry extract " + theirs);
    }
  }

  /** Only writing the new IDs into the carrier: every other method's time includes this. */
  @Benchmark
  public Map<String, String> newRequest() {
    return nextRequest();
  }

  @Benchmark
  public TraceContext meshtrace() {
    return meshtracePropagation.extract(nextRequest(), Carriers.MESHTRACE_NAME_GETTER);
  }

  @Benchmark
  public Context otel() {
    return otelPropagator.extract(Context.root(), nextRequest(), Carriers.OTEL_GETTER);
  }
}
