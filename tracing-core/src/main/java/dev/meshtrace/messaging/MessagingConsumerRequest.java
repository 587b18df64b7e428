package dev.meshtrace.messaging;

/** A message received: the consumer handler reads the context from its headers. */
public abstract class MessagingConsumerRequest extends MessagingRequest {
  /** The consumer group (Kafka's {@code group.id}); null when unknown, the default. */
  public String consumerGroup() {
    return null;
  }

  /** The message's offset in its partition, or -1 when unknown (the default). */
  public long offset() {
    return -1;
  }
}
