package dev.meshtrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A record being sent as core's producer handler reads and writes it: lookups, and the copy of read-only headers. */
class KafkaProducerRequestTest {
  @SuppressWarnings("unchecked")
  static ProducerRecord<Object, Object> record() {
    ProducerRecord<?, ?> record = new ProducerRecord<>("orders", 3, "order-1", "{}");
    record.headers().add("X-Request-Id", "first".getBytes(UTF_8)).add("x-request-id", "last".getBytes(UTF_8))
        .add("baggage", "a=1".getBytes(UTF_8)).add("Baggage", "b=2".getBytes(UTF_8)).add("tracestate", null);
    return (ProducerRecord<Object, Object>) record;
  }

  @Test
  void lookupsMatchNamesInAnyCaseTheLastCountingAndListsJoinedInOrder() {
    KafkaProducerRequest request = new KafkaProducerRequest(record(), "checkout-1");

    assertThat(request.header("x-request-id")).isEqualTo("last");
    assertThat(request.headerValues("baggage")).isEqualTo("a=1,b=2");
    assertThat(request.header("tracestate")).as("a header without a value is absent").isNull();
    assertThat(request.headerValues("traceparent")).isNull();
    assertThat(request.partition()).isEqualTo(3);
    assertThat(request.clientId()).isEqualTo("checkout-1");
    assertThat(request.destination()).isEqualTo("orders");
  }

  @Test
  void writingReadOnlyHeadersSendsACopyAndLeavesTheApplicationsRecordAlone() {
    ProducerRecord<Object, Object> record = record();
    ((RecordHeaders) record.headers()).setReadOnly();
    KafkaProducerRequest request = new KafkaProducerRequest(record, null);
    assertThat(request.unwrap()).isSameAs(record);

    request.removeHeader("baggage");
    request.header("x-request-id", "ours");

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
