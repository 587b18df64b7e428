package dev.meshtrace.benchmarks;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.zipkin.MutableSpanBytesEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Operation 9: encode one finished server span (128-bit trace, parent, local and remote endpoints, three tags) as
 * Zipkin v2 JSON: meshtrace's encoder against zipkin-reporter-brave's for Brave's span. OpenTelemetry 1.68 has no
 * Zipkin encoder of its own.
 */
@State(Scope.Benchmark)
public class EncodeJsonBenchmark extends PeerComparison {
  static final long START = 1_700_000_000_000_000L;
  static final long DURATION = 1_234L;
  static final String SPAN_ID = "a1b2c3d4e5f60718";
  static final String REMOTE_IP = "10.0.0.2";
  static final int REMOTE_PORT = 54321;

  final MutableSpan meshtraceSpan = meshtraceSpan();
  final brave.handler.MutableSpan braveSpan = braveSpan();

  @Setup
  public void checkBothEncodeTheSameSpan() {
    zipkin2.Span ours = SpanBytesDecoder.JSON_V2.decodeOne(meshtrace());
    zipkin2.Span theirs = SpanBytesDecoder.JSON_V2.decodeOne(brave());
    Inputs.check(ours.equals(theirs) && ours.tags().size() == 3, "encoders disagree: " + ours + " vs " + theirs);
  }

  @Benchmark
  public byte[] meshtrace() {
    return MutableSpanBytesEncoder.JSON_V2.encode(meshtraceSpan);
  }

  @Benchmark
  public byte[] brave() {
    return zipkin2.reporter.brave.MutableSpanBytesEncoder.JSON_V2.encode(braveSpan);
  }

  static MutableSpan meshtraceSpan() {
    TraceContext context = TraceContext.builder()
        .traceId(Inputs.high(Inputs.TRACE_ID), Inputs.low(Inputs.TRACE_ID)).wideTraceId(true)
        .spanId(Inputs.id(SPAN_ID)).parentId(Inputs.id(Inputs.SPAN_ID)).sampled(true).build();
    return new MutableSpan().ids(context).name(LifecycleFixture.NAME).kind(SpanKind.SERVER)
        .startTimestamp(START).finishTimestamp(START + DURATION)
        .localServiceName(Libraries.SERVICE).localIp(Libraries.LOCAL_IP).remoteIpAndPort(REMOTE_IP, REMOTE_PORT)
        .tag(LifecycleFixture.METHOD, "GET").tag(LifecycleFixture.PATH, "/api/items")
        .tag(LifecycleFixture.STATUS, "200");
  }

  static brave.handler.MutableSpan braveSpan() {
    brave.handler.MutableSpan span = new brave.handler.MutableSpan();
    span.traceId(Inputs.TRACE_ID);
    span.id(SPAN_ID);
    span.parentId(Inputs.SPAN_ID);
    span.name(LifecycleFixture.NAME);
    span.kind(brave.Span.Kind.SERVER);
    span.startTimestamp(START);
    span.finishTimestamp(START + DURATION);
    span.localServiceName(Libraries.SERVICE);
    span.localIp(Libraries.LOCAL_IP);
    span.remoteIpAndPort(REMOTE_IP, REMOTE_PORT);
    span.tag(LifecycleFixture.METHOD, "GET");
    span.tag(LifecycleFixture.PATH, "/api/items");
    span.tag(LifecycleFixture.STATUS, "200");
    return span;
  }
}
