package dev.meshtrace.examples.bookinfo;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * The demo's asynchronous hop, on in Kafka mode ({@code bookinfo.product-views=true}): {@code productpage} publishes
 * each product view to a Kafka topic, and {@code reviews} consumes it and fetches the book's details for it.
 */
public final class ProductViews {
  /** The switch, a boolean property of every service. */
  public static final String ENABLED_PROPERTY = "bookinfo.product-views";
  /** The topic the views go to. */
  public static final String TOPIC = "product-views";

  private ProductViews() {}

  /**
   * The topic, for a {@code NewTopic} bean in both services: created by whichever starts first, before its producer
   * or listener uses it.
   */
  public static NewTopic topic() {
    return new NewTopic(TOPIC, 1, (short) 1);
  }
}
