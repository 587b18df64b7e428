package dev.meshtrace.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.testing.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the traced clients do besides tracing: every other method reaches the real client. */
class TracedClientsTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  KafkaFixture fixture;
  Tracing tracing;
  KafkaTracing kafkaTracing;

  @BeforeEach
  void setUp() {
    fixture = new KafkaFixture(kafka.broker().bootstrapServers());
    tracing = fixture.tracing("checkout", Format.W3C);
    kafkaTracing = KafkaTracing.create(tracing);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void everyOtherMethodReachesTheWrappedClientAndWrappingTwiceTracesOnce() throws Exception {
    KafkaProducer<String, String> rawProducer = fixture.producer(Map.of());
    Producer<String, String> producer = kafkaTracing.producer(rawProducer);
    producer.send(new ProducerRecord<>(fixture.topic, "one")).get(30, TimeUnit.SECONDS);
    KafkaConsumer<String, String> rawConsumer = fixture.consumer("group-" + fixture.topic);
    Consumer<String, String> consumer = kafkaTracing.consumer(rawConsumer);
    TopicPartition partition = new TopicPartition(fixture.topic, 0);
    consumer.assign(List.of(partition));

    assertThat(producer.partitionsFor(fixture.topic)).hasSize(1);
    assertThat(producer.metrics()).isEqualTo(rawProducer.metrics());
    assertThat(kafkaTracing.producer(producer)).isSameAs(producer);
    assertThat(producer.equals(producer)).isTrue();
    assertThat(producer.equals(rawProducer)).isFalse();
    assertThat(producer.hashCode()).isEqualTo(System.identityHashCode(producer));
    assertThat(producer.toString()).contains(rawProducer.toString());
    assertThat(rawConsumer.assignment()).containsExactly(partition);
    assertThat(consumer.endOffsets(List.of(partition), Duration.ofSeconds(30))).containsEntry(partition, 1L);
    assertThat(kafkaTracing.consumer(consumer)).isSameAs(consumer);
  }

  @Test
  void aPollOfSeveralRecordsRecordsAReceiveSpanForEachWithItsOwnParent() throws Exception {
    Producer<String, String> producer = kafkaTracing.producer(fixture.producer(Map.of()));
    for (int i = 0; i < 3; i++) producer.send(new ProducerRecord<>(fixture.topic, "event-" + i)).get(30, TimeUnit.SECONDS);

    List<ConsumerRecord<String, String>> records =
        KafkaFixture.poll(kafkaTracing.consumer(fixture.consumer("group-" + fixture.topic)), fixture.topic, 3);

    List<MutableSpan> sends = fixture.spans.spans(span -> span.name().startsWith("send "));
    List<MutableSpan> receives = fixture.spans.spans(span -> span.name().startsWith("receive "));
    assertThat(receives).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(receives.get(i).parentId()).isEqualTo(sends.get(i).spanId());
      assertThat(receives.get(i).tag("messaging.kafka.offset")).isEqualTo(Long.toString(records.get(i).offset()));
      assertThat(KafkaFixture.headers(records.get(i), "traceparent"))
          .containsExactly("00-" + receives.get(i).traceIdString() + "-" + receives.get(i).spanIdString() + "-01");
    }
  }

  @Test
  void everyPollTagsItsRecordsWithTheConsumersGroup() throws Exception {
    Producer<String, String> producer = kafkaTracing.producer(fixture.producer(Map.of()));
    Consumer<String, String> consumer = kafkaTracing.consumer(fixture.consumer("group-" + fixture.topic));
    producer.send(new ProducerRecord<>(fixture.topic, "first")).get(30, TimeUnit.SECONDS);
    KafkaFixture.poll(consumer, fixture.topic, 1);
    producer.send(new ProducerRecord<>(fixture.topic, "second")).get(30, TimeUnit.SECONDS);
    KafkaFixture.poll(consumer, fixture.topic, 1);

    assertThat(fixture.spans.spans(span -> span.name().startsWith("receive ")))
        .extracting(span -> span.tag("messaging.consumer.group.name"))
        .containsExactly("group-" + fixture.topic, "group-" + fixture.topic);
  }

  /** A record arriving with a trace header this tracing does not write (b3, where it writes W3C) loses it on poll. */
  @Test
  void aTracedPollReplacesTheRecordsStaleTraceHeaderWithTheReceiveSpans() throws Exception {
    ProducerRecord<String, String> stale = new ProducerRecord<>(fixture.topic, "from elsewhere");
    stale.headers().add("b3", "0000000000000001-0000000000000002-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fixture.producer(Map.of()).send(stale).get(30, TimeUnit.SECONDS);

    ConsumerRecord<String, String> record =
        KafkaFixture.poll(kafkaTracing.consumer(fixture.consumer("group-" + fixture.topic)), fixture.topic, 1).get(0);

    MutableSpan receive = fixture.spans.onlySpan(dev.meshtrace.SpanKind.CONSUMER);
    assertThat(KafkaFixture.headers(record, "b3")).isEmpty();
    assertThat(KafkaFixture.headers(record, "traceparent"))
        .containsExactly("00-" + receive.traceIdString() + "-" + receive.spanIdString() + "-01");
  }
}
