package dev.meshtrace.examples.bookinfo.productpage;

import dev.meshtrace.examples.bookinfo.ProductViews;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes each product view to {@link ProductViews#TOPIC} with Boot's {@code KafkaTemplate}: no tracing code, the
 * starter puts the request's trace and {@code x-request-id} in the record. A view that cannot be published is
 * logged; the page is served all the same.
 */
@Component
@ConditionalOnBooleanProperty(ProductViews.ENABLED_PROPERTY)
class ProductViewPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ProductViewPublisher.class);

  private final KafkaTemplate<String, String> kafka;

  ProductViewPublisher(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  @Bean
  NewTopic productViewsTopic() {
    return ProductViews.topic();
  }

  /** Publishes a view of {@code product}, waiting at most five seconds for the broker. */
  void publish(int product) {
    try {
      kafka.send(ProductViews.TOPIC, Integer.toString(product)).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("The view of product {} was not published: {}", product, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
