package dev.meshtrace.kafka;

import dev.meshtrace.messaging.MessagingConsumerHandler;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** The proxy behind {@link KafkaTracing#consumer}: a receive span per record {@code poll} returns. */
final class TracingConsumer extends ForwardingHandler {
  private static final Logger LOG = Logger.getLogger(TracingConsumer.class.getName());

  private final Consumer<?, ?> consumer;
  private final String clientId;
  private final MessagingConsumerHandler handler;
  /** Read from the consumer at the first poll that returns records; a consumer's group never changes. */
  private volatile String group;
  private volatile boolean groupRead;

  TracingConsumer(Consumer<?, ?> consumer, String clientId, MessagingConsumerHandler handler) {
    super(consumer);
    this.consumer = consumer;
    this.clientId = clientId;
    this.handler = handler;
  }

  @Override
  Object traced(Method method, Object[] args) throws Throwable {
    Object result = forward(method, args);
    if (result instanceof ConsumerRecords && method.getName().equals("poll")) {
      ConsumerRecords<?, ?> records = (ConsumerRecords<?, ?>) result;
      if (!records.isEmpty()) {
        String consumerGroup = group();
        for (ConsumerRecord<?, ?> record : records) {
          handler.handleReceive(new KafkaConsumerRequest(record, consumerGroup, clientId));
        }
      }
    }
    return result;
  }

  private String group() {
    if (groupRead) return group;
    try {
      group = consumer.groupMetadata().groupId();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "The consumer has no group to tag: {0}", e);
    }
    groupRead = true;
    return group;
  }
}
