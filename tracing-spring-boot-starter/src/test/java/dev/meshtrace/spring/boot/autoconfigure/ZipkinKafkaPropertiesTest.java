package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.ZipkinAutoConfigurationTest.finishSpan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracer;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code meshtrace.zipkin.sender=kafka} and {@code meshtrace.zipkin.kafka.*} without a broker: bad values fail startup
 * naming the property, good ones start an application that connects nothing yet (a broker down at startup fails
 * nothing). What each property does to the spans is tested against a real broker (KafkaSenderPropertyEffectsTest).
 */
class ZipkinKafkaPropertiesTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceZipkinAutoConfiguration.class, MeshtraceOtlpAutoConfiguration.class));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "meshtrace.zipkin.sender=kafka | | meshtrace.zipkin.kafka.bootstrap-servers | needs the brokers",
      "meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092 | | meshtrace.zipkin.sender | "
          + "only with meshtrace.zipkin.sender=kafka",
      "meshtrace.zipkin.sender=kafka | meshtrace.zipkin.kafka.bootstrap-servers=kafka | "
          + "meshtrace.zipkin.kafka.bootstrap-servers | comma-separated list of host:port",
      "meshtrace.zipkin.kafka.topic=zip kin | meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092 | "
          + "meshtrace.zipkin.kafka.topic | kafkaTopic must be",
      "meshtrace.zipkin.kafka.overrides.acks=most | meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092 | "
          + "meshtrace.zipkin.kafka.overrides.acks | Invalid value most for configuration acks",
      "meshtrace.zipkin.kafka.overrides.bootstrap.servers=other:9092 | meshtrace.zipkin.kafka.bootstrap-servers="
          + "kafka:9092 | meshtrace.zipkin.kafka.overrides.bootstrap.servers | use kafkaBootstrapServers",
      "meshtrace.zipkin.kafka.overrides.delivery.timeout.ms=1000 | meshtrace.zipkin.kafka.bootstrap-servers="
          + "kafka:9092 | meshtrace.zipkin.kafka.overrides.delivery.timeout.ms | "
          + "delivery.timeout.ms must be at least linger.ms + request.timeout.ms (10005 ms), was 1000",
  })
  void badKafkaSettingsFailStartupNamingTheProperty(String property, String other, String name, String reason) {
    String[] properties = other == null
        ? new String[] {property}
        : new String[] {"meshtrace.zipkin.sender=kafka", property, other};
    runner.withPropertyValues(properties).run(context -> assertThat(StartupFailures.messages(context))
        .contains("Property " + name + " with value").contains(reason));
  }

  @Test
  void theDeliveryTimeoutIsCheckedAgainstTheLingerAndRequestTimeoutSetBesideIt() {
    String[] kafka = {"meshtrace.zipkin.sender=kafka", "meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092",
        "meshtrace.zipkin.kafka.overrides.request.timeout.ms=3000", "meshtrace.zipkin.kafka.overrides.linger.ms=20"};
    runner.withPropertyValues(kafka).withPropertyValues("meshtrace.zipkin.kafka.overrides.delivery.timeout.ms=3020")
        .run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues(kafka).withPropertyValues("meshtrace.zipkin.kafka.overrides.delivery.timeout.ms=3019")
        .run(context -> assertThat(StartupFailures.messages(context))
            .contains("Property meshtrace.zipkin.kafka.overrides.delivery.timeout.ms with value")
            .contains("at least linger.ms + request.timeout.ms (3020 ms), was 3019"));
  }

  @Test
  void brokerAbsentAtStartupFailsNothing() {
    runner.withPropertyValues("meshtrace.zipkin.sender=kafka", "meshtrace.zipkin.kafka.bootstrap-servers=127.0.0.1:1",
        "meshtrace.zipkin.kafka.topic=spans", "meshtrace.zipkin.kafka.overrides.max.block.ms=100",
        "meshtrace.zipkin.close-timeout=0s").run(context -> {
          assertThat(context).hasNotFailed();
          ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
          assertThat(handler).hasToString("ZipkinSpanHandler{Kafka topic spans at 127.0.0.1:1}");

          finishSpan(context.getBean(Tracer.class));

          ZipkinPropertyEffectsTest.await("the failed send",
              () -> handler.metrics().spansDropped(dev.meshtrace.reporting.DropCause.SEND_FAILED) == 1);
        });
  }

  @Test
  void kafkaSenderIsZipkinReportingEvenWithOtlpOn() {
    runner.withPropertyValues("meshtrace.otlp.endpoint=http://127.0.0.1:1/v1/traces", "meshtrace.zipkin.sender=kafka",
        "meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092").run(context -> assertThat(
            context.getBean(ZipkinSpanHandler.class)).hasToString("ZipkinSpanHandler{Kafka topic zipkin at kafka:9092}"));
    runner.withPropertyValues("meshtrace.otlp.endpoint=http://127.0.0.1:1/v1/traces")
        .run(context -> assertThat(context).doesNotHaveBean(ZipkinSpanHandler.class));
  }

}
