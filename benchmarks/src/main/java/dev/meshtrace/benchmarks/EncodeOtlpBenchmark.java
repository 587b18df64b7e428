package dev.meshtrace.benchmarks;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.TraceContext;
import dev.meshtrace.otlp.internal.OtlpEncoder;
import dev.meshtrace.otlp.internal.OtlpSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operation 12: encode one finished server span (the span of operation 9) as an OTLP protobuf
 * {@code ExportTraceServiceRequest}, resource and scope included: meshtrace's {@link OtlpEncoder} from the
 * {@code MutableSpan}, against the OpenTelemetry exporters' {@code TraceRequestMarshaler} from the equivalent
 * {@code SpanData} (stable HTTP semantic conventions, as meshtrace maps its tags) into a byte array. Each side does
 * what its exporter does per span: meshtrace's reporter asks for the size, then the bytes; the marshaler computes
 * its size, then writes.
 */
@State(Scope.Benchmark)
public class EncodeOtlpBenchmark extends PeerComparison {
  static final String HOST = "items";
  static final int PORT = 8080;
  final MutableSpan meshtraceSpan = meshtraceSpan();
  final OtlpEncoder encoder = new OtlpEncoder(false, null, Map.of());
  final List<SpanData> otelSpans = List.of(otelSpan());

  @Setup
  public void checkBothEncodeTheSameSpan() throws IOException {
    io.opentelemetry.proto.trace.v1.Span ours = onlySpan(ExportTraceServiceRequest.parseFrom(meshtrace()));
    io.opentelemetry.proto.trace.v1.Span theirs = onlySpan(ExportTraceServiceRequest.parseFrom(otel()));
    Inputs.check(comparable(ours).equals(comparable(theirs)) && ours.getAttributesCount() == 9,
        "encoders disagree: " + ours + " vs " + theirs);
  }

  /** What the reporter asks of the encoder for each span it sends: its size, then its bytes. */
  @Benchmark
  public byte[] meshtrace() {
    OtlpSpan queued = new OtlpSpan(meshtraceSpan, null);
    encoder.sizeInBytes(queued);
    return encoder.encode(queued);
  }

  @Benchmark
  public byte[] otel() {
    TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(otelSpans);
    ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
    try {
      marshaler.writeBinaryTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static io.opentelemetry.proto.trace.v1.Span onlySpan(ExportTraceServiceRequest request) {
    Inputs.check(request.getResourceSpansCount() == 1, "one resource expected: " + request);
    return request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
  }

  /**
   * The span with its attributes in key order, without what only the SDK writes and means nothing here: an empty
   * (unset) status and the W3C flags with the parent's remoteness (meshtrace sends neither).
   */
  private static io.opentelemetry.proto.trace.v1.Span comparable(io.opentelemetry.proto.trace.v1.Span span) {
    List<KeyValue> sorted = span.getAttributesList().stream().sorted(Comparator.comparing(KeyValue::getKey)).toList();
    io.opentelemetry.proto.trace.v1.Span.Builder result = span.toBuilder().clearAttributes()
        .addAllAttributes(sorted).clearFlags();
    if (span.getStatus().equals(io.opentelemetry.proto.trace.v1.Status.getDefaultInstance())) result.clearStatus();
    return result.build();
  }

  private static MutableSpan meshtraceSpan() {
    TraceContext context = TraceContext.builder()
        .traceId(Inputs.high(Inputs.TRACE_ID), Inputs.low(Inputs.TRACE_ID)).wideTraceId(true)
        .spanId(Inputs.id(EncodeJsonBenchmark.SPAN_ID)).parentId(Inputs.id(Inputs.SPAN_ID)).sampled(true).build();
    return new MutableSpan().ids(context).name(LifecycleFixture.NAME).kind(SpanKind.SERVER)
        .startTimestamp(EncodeJsonBenchmark.START)
        .finishTimestamp(EncodeJsonBenchmark.START + EncodeJsonBenchmark.DURATION)
        .localServiceName(Libraries.SERVICE).localIp(Libraries.LOCAL_IP)
        .remoteIpAndPort(EncodeJsonBenchmark.REMOTE_IP, EncodeJsonBenchmark.REMOTE_PORT)
        .tag(LifecycleFixture.METHOD, "GET").tag(LifecycleFixture.PATH, "/api/items")
        .tag(HttpTags.SCHEME, "http").tag(HttpTags.HOST, HOST + ":" + PORT)
        .tag(LifecycleFixture.STATUS, "200");
  }

  private static SpanData otelSpan() {
    SpanData[] finished = new SpanData[1];
    SpanProcessor capture = new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        finished[0] = span.toSpanData();
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    IdGenerator fixedSpanId = new IdGenerator() {
      @Override
      public String generateSpanId() {
        return EncodeJsonBenchmark.SPAN_ID;
      }

      @Override
      public String generateTraceId() {
        return Inputs.TRACE_ID;
      }
    };
    try (SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(fixedSpanId)
        .setResource(Resource.getDefault().merge(Resource.create(io.opentelemetry.api.common.Attributes.of(
            AttributeKey.stringKey("service.name"), Libraries.SERVICE))))
        .addSpanProcessor(capture).build()) {
      SpanContext parent = SpanContext.createFromRemoteParent(Inputs.TRACE_ID, Inputs.SPAN_ID,
          TraceFlags.getSampled(), TraceState.getDefault());
      long startNanos = TimeUnit.MICROSECONDS.toNanos(EncodeJsonBenchmark.START);
      provider.get("dev.meshtrace.benchmarks").spanBuilder(LifecycleFixture.NAME)
          .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(parent)))
          .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER)
          .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
          .setAttribute(AttributeKey.stringKey("http.request.method"), "GET")
          .setAttribute(AttributeKey.stringKey("url.scheme"), "http")
          .setAttribute(AttributeKey.stringKey("url.path"), "/api/items")
          .setAttribute(AttributeKey.stringKey("server.address"), HOST)
          .setAttribute(AttributeKey.longKey("server.port"), (long) PORT)
          .setAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
          .setAttribute(AttributeKey.stringKey("client.address"), EncodeJsonBenchmark.REMOTE_IP)
          .setAttribute(AttributeKey.stringKey("network.peer.address"), EncodeJsonBenchmark.REMOTE_IP)
          .setAttribute(AttributeKey.longKey("network.peer.port"), (long) EncodeJsonBenchmark.REMOTE_PORT)
          .startSpan()
          .end(startNanos + TimeUnit.MICROSECONDS.toNanos(EncodeJsonBenchmark.DURATION), TimeUnit.NANOSECONDS);
    }
    return finished[0];
  }
}
