package dev.meshtrace.spring.boot.it;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A service with no tracing code that hands work over Kafka: its controller sends a record with Boot's
 * {@code KafkaTemplate}; a record listener calls a downstream service for it (and fails on {@code poison}); a batch
 * listener counts records. An interceptor of the application's own records the trace context current when it runs.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({OrdersApplication.OrdersController.class, OrdersApplication.OrderListeners.class})
public class OrdersApplication {
  static final String ORDERS = "orders";
  static final String ORDER_BATCHES = "order-batches";

  @Bean
  NewTopic orders() {
    return new NewTopic(ORDERS, 1, (short) 1);
  }

  @Bean
  NewTopic orderBatches() {
    return new NewTopic(ORDER_BATCHES, 1, (short) 1);
  }

  /** A failed record is not redelivered: one processing span per record. */
  @Bean
  DefaultErrorHandler errorHandler() {
    return new DefaultErrorHandler(new FixedBackOff(0, 0));
  }

  @Bean
  ApplicationInterceptor applicationInterceptor(ObjectProvider<Tracing> tracing) {
    return new ApplicationInterceptor(tracing);
  }

  @Bean
  RestClient stockClient(RestClient.Builder builder, @Value("${downstream.url}") String downstream) {
    return builder.baseUrl(downstream).build();
  }

  /** The application's own record interceptor: remembers the context current when it sees each record. */
  static final class ApplicationInterceptor implements RecordInterceptor<Object, Object> {
    final List<TraceContext> seen = new CopyOnWriteArrayList<>();
    private final ObjectProvider<Tracing> tracing;

    ApplicationInterceptor(ObjectProvider<Tracing> tracing) {
      this.tracing = tracing;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
        Consumer<Object, Object> consumer) {
      seen.add(tracing.getObject().currentTraceContext().get());
      return record;
    }
  }

  @RestController
  static class OrdersController {
    private final KafkaTemplate<String, String> kafka;

    OrdersController(KafkaTemplate<String, String> kafka) {
      this.kafka = kafka;
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable("id") String id) throws Exception {
      kafka.send(ORDERS, id).get(10, TimeUnit.SECONDS);
      return "sent " + id;
    }
  }

  @Component
  static class OrderListeners {
    final List<String> batched = new CopyOnWriteArrayList<>();
    private final RestClient stock;

    OrderListeners(RestClient stock) {
      this.stock = stock;
    }

    @KafkaListener(topics = ORDERS, groupId = "stock")
    void onOrder(String id) {
      if (id.equals("poison")) throw new IllegalStateException("cannot process " + id);
      stock.get().uri("/stock/{id}", id).retrieve().body(String.class);
    }

    @KafkaListener(topics = ORDER_BATCHES, groupId = "audit", batch = "true")
    void onBatch(List<String> ids) {
      batched.addAll(ids);
    }
  }
}
