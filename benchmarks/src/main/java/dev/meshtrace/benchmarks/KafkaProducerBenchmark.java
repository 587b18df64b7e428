package dev.meshtrace.benchmarks;

import dev.meshtrace.kafka.KafkaTracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.MapCarrier;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A Kafka {@code send} under a current server span, over kafka-clients' {@link MockProducer} (auto-completing: the
 * acknowledgement and the callback run on the calling thread, no broker is measured): meshtrace's
 * {@code tracing-kafka}, Brave's {@code brave-instrumentation-kafka-clients} and OpenTelemetry's
 * {@code opentelemetry-kafka-clients-2.6} library instrumentation, each wrapping a producer of its own, against
 * {@code plain}, the same send untraced. {@code meshtrace} is meshtrace's defaults (B3 multi and W3C, the mesh headers
 * forwarded: here {@code x-request-id}); {@code meshtraceB3Single} writes what Brave's Kafka instrumentation writes,
 * {@code b3} alone; OpenTelemetry writes B3 multi and W3C ({@link Libraries#otelPropagator()}). Each send gets a new
 * record (as an application's does), each library a PRODUCER span finished on the acknowledgement and its headers in
 * the record; the mock's history is cleared after every send so it does not grow.
 */
@State(Scope.Thread)
public class KafkaProducerBenchmark extends PeerComparison {
  static final String TOPIC = "orders";

  final CountingHandlers.Meshtrace meshtraceSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceTracing = Libraries.meshtrace(meshtraceSpans);
  /** meshtrace writing what Brave's Kafka instrumentation writes: {@code b3} alone, no mesh header. */
  final CountingHandlers.Meshtrace meshtraceB3SingleSpans = new CountingHandlers.Meshtrace();
  final dev.meshtrace.Tracing meshtraceB3SingleTracing = Libraries.meshtraceWriting(Format.B3, meshtraceB3SingleSpans);
  final CountingHandlers.Brave braveSpans = new CountingHandlers.Brave();
  final brave.Tracing braveTracing = Libraries.brave(braveSpans);
  final CountingHandlers.Otel otelSpans = new CountingHandlers.Otel();
  final SdkTracerProvider otelProvider = Libraries.otel(otelSpans);

  final MockProducer<String, String> plainMock = mock();
  final MockProducer<String, String> meshtraceMock = mock();
  final MockProducer<String, String> meshtraceB3SingleMock = mock();
  final MockProducer<String, String> braveMock = mock();
  final MockProducer<String, String> otelMock = mock();
  Producer<String, String> meshtraceProducer;
  Producer<String, String> meshtraceB3SingleProducer;
  Producer<String, String> braveProducer;
  Producer<String, String> otelProducer;

  dev.meshtrace.Span meshtraceParent;
  dev.meshtrace.Span meshtraceB3SingleParent;
  brave.Span braveParent;
  Context otelParent;

  static MockProducer<String, String> mock() {
    return new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  }

  static ProducerRecord<String, String> record() {
    return new ProducerRecord<>(TOPIC, 0, "order-1", "{\"order\":1}");
  }

  @Setup
  public void start() {
    meshtraceProducer = KafkaTracing.create(meshtraceTracing).producer(meshtraceMock);
    meshtraceB3SingleProducer = KafkaTracing.create(meshtraceB3SingleTracing).producer(meshtraceB3SingleMock);
    braveProducer = brave.kafka.clients.KafkaTracing.create(braveTracing).producer(braveMock);
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(otelProvider)
        .setPropagators(ContextPropagators.create(Libraries.otelPropagator())).build();
    otelProducer = KafkaTelemetry.create(otel).wrap(otelMock);

    // One server span per library, the parent of every send, as in a service publishing while it serves a request.
    dev.meshtrace.TraceContext inbound = meshtraceTracing.propagation().extract(Map.of(
        "x-b3-traceid", Inputs.TRACE_ID, "x-b3-spanid", Inputs.PARENT_ID, "x-b3-sampled", "1",
        "x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736"), MapCarrier.GETTER);
    meshtraceParent = meshtraceTracing.tracer().serverSpan(inbound, meshtraceTracing.sampler()).start();
    meshtraceB3SingleParent = meshtraceB3SingleTracing.tracer().newTrace().kind(dev.meshtrace.SpanKind.SERVER).start();
    braveParent = braveTracing.tracer().nextSpan().kind(brave.Span.Kind.SERVER).start();
    otelParent = Context.root().with(otel.getTracer("bench").spanBuilder("GET /orders")
        .setSpanKind(SpanKind.SERVER).startSpan());

    Inputs.check(sentWith(this::plain, null), "the plain send failed");
    Inputs.check(sentWith(this::meshtrace, "traceparent"), "meshtrace wrote no traceparent");
    Inputs.check(sentWith(this::meshtraceB3Single, "b3"), "meshtrace (b3 only) wrote no b3");
    Inputs.check(meshtraceB3SingleSpans.count == 1, "meshtrace (b3 only) reported " + meshtraceB3SingleSpans.count);
    Inputs.check(sentWith(this::brave, "b3"), "Brave wrote no b3 (its Kafka instrumentation writes the single form)");
    Inputs.check(sentWith(this::otel, "traceparent"), "OpenTelemetry wrote no traceparent");
    Inputs.check(meshtraceSpans.count == 1, "meshtrace reported " + meshtraceSpans.count);
    Inputs.check(braveSpans.count == 1, "Brave reported " + braveSpans.count);
    Inputs.check(otelSpans.count == 1, "OpenTelemetry reported " + otelSpans.count);
  }

  /** Sends one record with {@code send}: acknowledged, and carrying {@code header} (null: no header at all). */
  private static boolean sentWith(Function<ProducerRecord<String, String>, Future<RecordMetadata>> send,
      String header) {
    ProducerRecord<String, String> record = record();
    boolean acked = send.apply(record).isDone();
    return acked && (header == null
        ? record.headers().toArray().length == 0
        : record.headers().lastHeader(header) != null);
  }

  @Benchmark
  public Future<RecordMetadata> plain() {
    return plain(record());
  }

  @Benchmark
  public Future<RecordMetadata> meshtrace() {
    return meshtrace(record());
  }

  @Benchmark
  public Future<RecordMetadata> meshtraceB3Single() {
    return meshtraceB3Single(record());
  }

  @Benchmark
  public Future<RecordMetadata> brave() {
    return brave(record());
  }

  @Benchmark
  public Future<RecordMetadata> otel() {
    return otel(record());
  }

  private Future<RecordMetadata> plain(ProducerRecord<String, String> record) {
    Future<RecordMetadata> sent = plainMock.send(record, null);
    plainMock.clear();
    return sent;
  }

  private Future<RecordMetadata> meshtrace(ProducerRecord<String, String> record) {
    try (dev.meshtrace.Scope scope = meshtraceTracing.tracer().withSpanInScope(meshtraceParent)) {
      Future<RecordMetadata> sent = meshtraceProducer.send(record, null);
      meshtraceMock.clear();
      return sent;
    }
  }

  private Future<RecordMetadata> meshtraceB3Single(ProducerRecord<String, String> record) {
    try (dev.meshtrace.Scope scope = meshtraceB3SingleTracing.tracer().withSpanInScope(meshtraceB3SingleParent)) {
      Future<RecordMetadata> sent = meshtraceB3SingleProducer.send(record, null);
      meshtraceB3SingleMock.clear();
      return sent;
    }
  }

  private Future<RecordMetadata> brave(ProducerRecord<String, String> record) {
    try (brave.Tracer.SpanInScope scope = braveTracing.tracer().withSpanInScope(braveParent)) {
      Future<RecordMetadata> sent = braveProducer.send(record, null);
      braveMock.clear();
      return sent;
    }
  }

  private Future<RecordMetadata> otel(ProducerRecord<String, String> record) {
    try (io.opentelemetry.context.Scope scope = otelParent.makeCurrent()) {
      Future<RecordMetadata> sent = otelProducer.send(record, null);
      otelMock.clear();
      return sent;
    }
  }

  @TearDown
  public void close() {
    braveTracing.close();
    otelProvider.close();
  }
}
