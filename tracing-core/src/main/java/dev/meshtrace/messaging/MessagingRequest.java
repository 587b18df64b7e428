package dev.meshtrace.messaging;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * A message as the messaging handlers see it: where it goes or came from, and its headers, which are the carrier
 * the trace context and the mesh headers travel in. Each adapter maps its client's record onto it (Kafka: a
 * {@code ProducerRecord} or a {@code ConsumerRecord}).
 */
public abstract class MessagingRequest {
  /** The messaging system, lower case, such as {@code kafka}: the value of {@code messaging.system}. */
  public abstract String system();

  /** The destination (Kafka: the topic); null when unknown. */
  public abstract String destination();

  /** The client's ID (Kafka's {@code client.id}); null when unknown, the default. */
  public String clientId() {
    return null;
  }

  /** The partition, or -1 when unknown (the default, and always for systems without partitions). */
  public int partition() {
    return -1;
  }

  /**
   * The message key as text, or null (the default). Read only when {@link MessagingTracing#recordMessageKey()} is
   * on: keys often hold user or account IDs.
   */
  public String messageKey() {
    return null;
  }

  /**
   * The value of header {@code name} (matched ignoring case), decoded as UTF-8, or null. Where a header repeats,
   * the last one, as Kafka's {@code lastHeader}. Never throws for any header content.
   */
  public abstract String header(String name);

  /** The value extraction takes for a list-valued header such as {@code baggage}: the last, as for any header. */
  public String headerValues(String name) {
    return header(name);
  }

  /**
   * Passes the headers (name, value as text) to {@code action} in order and returns true; or returns false when the
   * headers cannot be listed (the default), and then extraction looks up each name. A name that repeats (in any
   * case) is passed once, with the value {@link #header(String)} gives it: the last.
   */
  public boolean forEachHeader(BiConsumer<String, String> action) {
    return false;
  }

  /**
   * Sets header {@code name} (lower case) to {@code value}, replacing every header of that name in any case the
   * application wrote it, so that none travels twice. A value that cannot be written is left out, never thrown.
   */
  public abstract void header(String name, String value);

  /**
   * Sets header {@code name} as {@link #header(String, String)} does, to a value meshtrace encoded as US-ASCII bytes
   * for this write alone. Adapters whose messages keep header values as bytes override it to keep the array as it
   * is; by default it is written as a string.
   */
  public void asciiHeader(String name, byte[] asciiValue) {
    header(name, new String(asciiValue, StandardCharsets.US_ASCII));
  }

  /** Removes every header named {@code name}, in any case. */
  public abstract void removeHeader(String name);

  /** The name of the service on the other side, for Zipkin's dependency graph; {@link #system()} by default. */
  public String remoteServiceName() {
    return system();
  }

  /** The client's own record object. */
  public abstract Object unwrap();
}
