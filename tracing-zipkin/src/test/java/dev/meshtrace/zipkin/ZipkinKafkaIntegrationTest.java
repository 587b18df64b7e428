package dev.meshtrace.zipkin;

import dev.meshtrace.testing.KafkaBrokerExtension;
import dev.meshtrace.testing.ZipkinServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
}
