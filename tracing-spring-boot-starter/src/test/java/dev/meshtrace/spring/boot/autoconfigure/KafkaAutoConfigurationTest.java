package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import dev.meshtrace.kafka.KafkaTracing;
import dev.meshtrace.messaging.ConsumerParent;
import dev.meshtrace.messaging.MessagingTracing;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Kafka tracing is on with kafka-clients, reaches Spring Kafka's factories whoever declared them, keeps the
 * application's own interceptor, takes its settings from {@code meshtrace.kafka.*}, and backs off when switched off,
 * when kafka-clients or Spring Kafka is absent, and before an application's own {@link KafkaTracing}.
 */
class KafkaAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceKafkaAutoConfiguration.class));

  @Test
  void producerFactoriesAndListenerContainerFactoriesAreTraced() {
    runner.withUserConfiguration(SpringKafkaBeans.class).run(context -> {
      assertThat(context.getBean(ProducerFactory.class).getPostProcessors())
          .singleElement().isInstanceOf(TracingProducerPostProcessor.class);
      Object interceptor = recordInterceptor(context.getBean(ConcurrentKafkaListenerContainerFactory.class));
      assertThat(interceptor).isInstanceOf(TracingRecordInterceptor.class);
      assertThat(new DirectFieldAccessor(interceptor).getPropertyValue("delegate"))
          .as("the application's interceptor, called after ours").isSameAs(SpringKafkaBeans.APPLICATION_INTERCEPTOR);
      assertThat(new DirectFieldAccessor(context.getBean(ConcurrentKafkaListenerContainerFactory.class))
          .getPropertyValue("batchInterceptor")).isInstanceOf(TracingBatchInterceptor.class);
    });
  }

  @Test
  void aProducerFromATracedFactoryIsTracedOnce() {
    runner.withUserConfiguration(SpringKafkaBeans.class).run(context -> {
      KafkaClientsPostProcessor again = context.getBean(KafkaClientsPostProcessor.class);
      ProducerFactory<?, ?> factory = context.getBean(ProducerFactory.class);
      again.postProcessAfterInitialization(factory, "again");
      assertThat(factory.getPostProcessors()).hasSize(1);
    });
  }

  @Test
  void settingsComeFromMeshtraceKafkaProperties() {
    runner.run(context -> {
      MessagingTracing messaging = context.getBean(MessagingTracing.class);
      assertThat(messaging.consumerParent()).isEqualTo(ConsumerParent.CHILD);
      assertThat(messaging.recordMessageKey()).isFalse();
      assertThat(messaging.tracing()).isSameAs(context.getBean(Tracing.class));
    });
    runner.withPropertyValues("meshtrace.kafka.consumer-parent=new-trace", "meshtrace.kafka.record-key=true")
        .run(context -> {
          MessagingTracing messaging = context.getBean(MessagingTracing.class);
          assertThat(messaging.consumerParent()).isEqualTo(ConsumerParent.NEW_TRACE);
          assertThat(messaging.recordMessageKey()).isTrue();
          assertThat(context.getBean(KafkaTracing.class).messagingTracing()).isSameAs(messaging);
        });
  }

  @Test
  void switchedOffNothingIsTraced() {
    runner.withUserConfiguration(SpringKafkaBeans.class).withPropertyValues("meshtrace.kafka.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(KafkaTracing.class).doesNotHaveBean(KafkaClientsPostProcessor.class);
          assertThat(context.getBean(ProducerFactory.class).getPostProcessors()).isEmpty();
          assertThat(recordInterceptor(context.getBean(ConcurrentKafkaListenerContainerFactory.class)))
              .isSameAs(SpringKafkaBeans.APPLICATION_INTERCEPTOR);
        });
  }

  @Test
  void withoutKafkaClientsItBacksOff() {
    runner.withClassLoader(new FilteredClassLoader(Producer.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaTracing.class));
  }

  @Test
  void withoutSpringKafkaOnlyTheClientTracingIsThere() {
    runner.withClassLoader(new FilteredClassLoader(ProducerFactory.class)).run(context -> assertThat(context)
        .hasSingleBean(KafkaTracing.class).doesNotHaveBean(KafkaClientsPostProcessor.class));
  }

  @Test
  void theApplicationsOwnKafkaTracingWins() {
    runner.withBean("ownKafkaTracing", KafkaTracing.class,
        () -> KafkaTracing.create(Tracing.newBuilder().build()))
        .run(context -> assertThat(context.getBean(KafkaTracing.class))
            .isSameAs(context.getBean("ownKafkaTracing")));
  }

  static Object recordInterceptor(ConcurrentKafkaListenerContainerFactory<?, ?> factory) {
    return new DirectFieldAccessor(factory).getPropertyValue("recordInterceptor");
  }

  @Configuration(proxyBeanMethods = false)
  static class SpringKafkaBeans {
    static final RecordInterceptor<Object, Object> APPLICATION_INTERCEPTOR = new RecordInterceptor<>() {
      @Override
      public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
          Consumer<Object, Object> consumer) {
        return record;
      }
    };

    @Bean
    ProducerFactory<String, String> producerFactory() {
      return new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory() {
      ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
      factory.setRecordInterceptor(APPLICATION_INTERCEPTOR);
      return factory;
    }
  }
}
