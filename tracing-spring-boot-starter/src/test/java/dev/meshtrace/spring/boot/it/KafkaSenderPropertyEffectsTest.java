package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.spring.boot.autoconfigure.MeshtraceAutoConfiguration;
import dev.meshtrace.spring.boot.autoconfigure.MeshtraceZipkinAutoConfiguration;
import dev.meshtrace.testing.KafkaBrokerExtension;
import dev.meshtrace.testing.KafkaSpanTopic;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Kafka sender's properties, each by what it does to the spans that reach a real Kafka broker (test-support's,
 * KRaft, one per test run): the bootstrap servers and topic decide where spans land, the encoding how, and the
 * producer overrides reach the producer.
 */
class KafkaSenderPropertyEffectsTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  final String topic = "spans-" + UUID.randomUUID();

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withPropertyValues("meshtrace.zipkin.sender=kafka", "meshtrace.zipkin.flush-interval=20ms",
            "meshtrace.zipkin.kafka.bootstrap-servers=" + kafka.broker().bootstrapServers(),
            "meshtrace.zipkin.kafka.topic=" + topic)
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class));
  }

  @Test
  void bootstrapServersAndTopicDecideWhereSpansLand() {
    try (KafkaSpanTopic spans = new KafkaSpanTopic(kafka.broker().bootstrapServers(), topic)) {
      runner().withPropertyValues("meshtrace.service-name=kafka-json").run(context -> {
        Span span = finish(context.getBean(Tracer.class), "to the topic");

        assertThat(spans.awaitSpans(1)).singleElement().satisfies(stored -> {
          assertThat(stored.id()).isEqualTo(span.context().spanIdString());
          assertThat(stored.name()).isEqualTo("to the topic");
          assertThat(stored.localServiceName()).isEqualTo("kafka-json");
        });
        assertThat(spans.messages().get(0)[0]).as("a JSON list by default").isEqualTo((byte) '[');
      });
    }
  }

  @Test
  void encodingProto3SendsProto3Lists() {
    try (KafkaSpanTopic spans = new KafkaSpanTopic(kafka.broker().bootstrapServers(), topic)) {
      runner().withPropertyValues("meshtrace.zipkin.encoding=proto3").run(context -> {
        Span span = finish(context.getBean(Tracer.class), "proto3");

        assertThat(spans.awaitSpans(1)).extracting(zipkin2.Span::id).containsExactly(span.context().spanIdString());
        assertThat(spans.messages().get(0)[0]).as("proto3 ListOfSpans, field 1").isEqualTo((byte) 0x0a);
      });
    }
  }

  @Test
  void overridesReachTheProducer() {
    try (KafkaSpanTopic spans = new KafkaSpanTopic(kafka.broker().bootstrapServers(), topic)) {
      runner().withPropertyValues("meshtrace.zipkin.kafka.overrides.max.request.size=1024").run(context -> {
        Tracer tracer = context.getBean(Tracer.class);
        ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
        Span small = finish(tracer, "small");
        assertThat(spans.awaitSpans(1)).extracting(zipkin2.Span::id).containsExactly(small.context().spanIdString());

        tracer.newTrace().name("large").tag("big", "x".repeat(2_000)).start().finish();

        await(() -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
        assertThat(handler.metrics().lastSendFailure()).isInstanceOf(RecordTooLargeException.class);
      });
    }
  }

  static Span finish(Tracer tracer, String name) {
    Span span = tracer.newTrace().name(name).start();
    span.finish();
    return span;
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out");
      Thread.sleep(10);
    }
  }

}
