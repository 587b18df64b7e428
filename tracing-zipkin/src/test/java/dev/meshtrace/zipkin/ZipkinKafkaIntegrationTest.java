package dev.meshtrace.zipkin;

import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.await;
import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.testing.KafkaBrokerExtension;
import dev.meshtrace.testing.KafkaSpanTopic;
import dev.meshtrace.testing.ZipkinServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.reporter.Encoding;

/**
 * Two services report one trace through zipkin-reporter's Kafka sender to a real Kafka broker, whose topic the real
 * Zipkin server's Kafka collector consumes: Zipkin's query API gives the trace back unchanged, in either encoding.
 */
class ZipkinKafkaIntegrationTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  static ZipkinServer zipkin;

  @BeforeAll
  static void startZipkinWithItsKafkaCollector() {
    zipkin = ZipkinServer.start(0, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.broker().bootstrapServers()));
  }

  @AfterAll
  static void stopZipkin() {
    if (zipkin != null) zipkin.close();
  }

  @ParameterizedTest
  @EnumSource(value = Encoding.class, names = {"JSON", "PROTO3"})
  void traceFromTwoServicesReadsBackFromZipkin(Encoding encoding) {
    TwoServiceTrace trace = TwoServiceTrace.report(() -> ZipkinSpanHandler.newBuilder()
        .sender(SenderType.KAFKA).kafkaBootstrapServers(kafka.broker().bootstrapServers()).encoding(encoding)
        .build());

    trace.assertStoredIn(zipkin.api());
  }

  /**
   * Messages filled up to {@code messageMaxBytes} reach the topic: the producer's request limit leaves room for
   * Kafka's framing (zipkin-reporter alone sets it to the message limit, so full messages were refused).
   */
  @Test
  void fullMessagesReachTheTopic() throws Exception {
    String topic = "full-messages";
    try (KafkaSpanTopic spans = new KafkaSpanTopic(kafka.broker().bootstrapServers(), topic)) {
      ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().sender(SenderType.KAFKA)
          .kafkaBootstrapServers(kafka.broker().bootstrapServers()).kafkaTopic(topic).messageMaxBytes(1024)
          .flushInterval(Duration.ofSeconds(1)).build();
      try {
        ReportingMetrics metrics = handler.metrics();
        report(handler, 1, 60);
        await("every span sent or dropped", () -> metrics.spansSent() + metrics.spansDropped() == 60);

        assertThat(metrics.spansDropped()).as("%s, last failure %s", metrics, metrics.lastSendFailure()).isZero();
        assertThat(metrics.messagesSent()).as("messages filled up to the limit").isGreaterThan(1);
        assertThat(spans.awaitSpans(60)).hasSize(60);
      } finally {
        handler.close(Duration.ZERO);
      }
    }
  }
}
