package dev.meshtrace.messaging;

/** The outcome of a send: where the broker stored the message, an error, or both unknown. */
public abstract class MessagingProducerResponse {
  /** The send this ends. */
  public abstract MessagingProducerRequest request();

  /** The partition the broker stored the message in, or -1 when unknown (the default). */
  public int partition() {
    return -1;
  }

  /** The message's offset, or -1 when unknown (the default). */
  public long offset() {
    return -1;
  }

  /** The error that failed the send, or null. */
  public abstract Throwable error();

  /** The client's own result object (Kafka: the {@code RecordMetadata}), or null. */
  public abstract Object unwrap();
}
