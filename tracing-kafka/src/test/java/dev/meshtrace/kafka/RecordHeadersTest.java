package dev.meshtrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Records' headers as core's handlers read and write them: a repeated name counts once, with its last value (Kafka's
 * {@code lastHeader}) in lookups and extraction alike, and read-only headers are written on a copy.
 */
class RecordHeadersTest {
  static final String TRACE_ID = "11111111111111111111111111111111";

  @SuppressWarnings("unchecked")
  static ProducerRecord<Object, Object> record() {
    ProducerRecord<?, ?> record = new ProducerRecord<>("orders", 3, "order-1", "{}");
    record.headers().add("X-Request-Id", "first".getBytes(UTF_8)).add("x-request-id", "last".getBytes(UTF_8))
        .add("baggage", "a=1".getBytes(UTF_8)).add("Baggage", "b=2".getBytes(UTF_8)).add("tracestate", null);
    return (ProducerRecord<Object, Object>) record;
  }

  @Test
  void lookupsMatchNamesInAnyCaseTheLastCounting() {
    KafkaProducerRequest request = new KafkaProducerRequest(record(), "checkout-1");

    assertThat(request.header("x-request-id")).isEqualTo("last");
    assertThat(request.headerValues("baggage")).as("lists too: Kafka has no rule for joining").isEqualTo("b=2");
    assertThat(request.header("tracestate")).as("a header without a value is absent").isNull();
    assertThat(request.headerValues("traceparent")).isNull();
    assertThat(request.partition()).isEqualTo(3);
    assertThat(request.clientId()).isEqualTo("checkout-1");
    assertThat(request.destination()).isEqualTo("orders");
  }

  @Test
  void extractionFromAConsumedRecordTakesTheLastOfARepeatedHeaderAsLookupsDo() {
    ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 0L, "order-1", "{}");
    record.headers().add("x-request-id", "first".getBytes(UTF_8)).add("X-Request-ID", "last".getBytes(UTF_8))
        .add("x-request-id", null)
        .add("traceparent", ("00-" + "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").getBytes(UTF_8))
        .add("traceparent", ("00-" + TRACE_ID + "-2222222222222222-01").getBytes(UTF_8))
        .add("baggage", "tenant=a".getBytes(UTF_8)).add("baggage", "tenant=b".getBytes(UTF_8));
    try (Tracing tracing = Tracing.newBuilder().serviceName("billing").build()) {
      KafkaConsumerRequest request = new KafkaConsumerRequest(record, null, null);
      assertThat(request.header("x-request-id")).isEqualTo("last");

      try (KafkaProcessing processing = KafkaTracing.create(tracing).startProcessing(record)) {
        assertThat(tracing.tracer().currentRequestId()).isEqualTo("last");
        assertThat(processing.context().traceIdString()).isEqualTo(TRACE_ID);
        assertThat(processing.context().meshHeaders().get("baggage")).isEqualTo("tenant=b");
      }
    }
  }

  @Test
  void writingReadOnlyHeadersSendsACopyAndLeavesTheApplicationsRecordAlone() {
    ProducerRecord<Object, Object> record = record();
    ((RecordHeaders) record.headers()).setReadOnly();
    KafkaProducerRequest request = new KafkaProducerRequest(record, null);
    assertThat(request.unwrap()).isSameAs(record);

    request.removeHeader("baggage");
    request.header("x-request-id", "ours");

    ProducerRecord<Object, Object> again = record();
    ((RecordHeaders) again.headers()).setReadOnly();
    KafkaProducerRequest writingFirst = new KafkaProducerRequest(again, null);
    writingFirst.header("X-REQUEST-ID", "ours");
    assertThat(((ProducerRecord<?, ?>) writingFirst.unwrap()).headers().headers("X-REQUEST-ID"))
        .as("a write before any removal copies the record too").hasSize(1);
    assertThat(((ProducerRecord<?, ?>) writingFirst.unwrap()).headers().lastHeader("x-request-id")).isNull();

    ProducerRecord<?, ?> sent = (ProducerRecord<?, ?>) request.unwrap();
    assertThat(sent).isNotSameAs(record);
    assertThat(sent.headers().headers("x-request-id")).extracting(h -> new String(h.value(), UTF_8))
        .containsExactly("ours");
    assertThat(sent.headers().lastHeader("X-Request-Id")).as("every case replaced").isNull();
    assertThat(sent.headers().lastHeader("baggage")).isNull();
    assertThat(sent.headers().lastHeader("Baggage")).isNull();
    assertThat(sent.key()).isEqualTo("order-1");
    assertThat(sent.partition()).isEqualTo(3);
    assertThat(record.headers().toArray()).hasSize(5);
  }
}
