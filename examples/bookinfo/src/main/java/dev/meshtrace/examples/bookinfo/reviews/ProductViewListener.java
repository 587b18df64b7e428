package dev.meshtrace.examples.bookinfo.reviews;

import dev.meshtrace.examples.bookinfo.DownstreamUrls;
import dev.meshtrace.examples.bookinfo.ProductViews;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Consumes the product views {@code productpage} publishes and fetches each viewed book's details, as a service
 * preparing its recommendations would. No tracing code: the starter makes the record's trace and
 * {@code x-request-id} current while this listener runs, so the call to {@code details} stays in the viewer's trace.
 */
@Component
@ConditionalOnBooleanProperty(ProductViews.ENABLED_PROPERTY)
class ProductViewListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProductViewListener.class);

  private final RestClient details;

  ProductViewListener(RestClient.Builder clients, Environment environment) {
    this.details = clients.clone().baseUrl(DownstreamUrls.required(environment, "bookinfo.details-url")).build();
  }

  @Bean
  NewTopic productViewsTopic() {
    return ProductViews.topic();
  }

  @KafkaListener(topics = ProductViews.TOPIC, groupId = "reviews")
  void onProductView(String product) {
    try {
      details.get().uri("/details/{id}", product).retrieve().toBodilessEntity();
    } catch (RestClientException e) {
      LOG.warn("Details of viewed product {} unavailable: {}", product, e.toString());
    }
  }
}
