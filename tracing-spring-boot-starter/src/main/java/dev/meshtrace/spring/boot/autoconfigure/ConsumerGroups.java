package dev.meshtrace.spring.boot.autoconfigure;

import org.apache.kafka.clients.consumer.Consumer;

/** A listener consumer's group ID, for the {@code messaging.consumer.group.name} tag. */
final class ConsumerGroups {
  private ConsumerGroups() {}

  /** {@code consumer}'s group, or null when it has none or cannot tell (never throws). */
  static String of(Consumer<?, ?> consumer) {
    try {
      return consumer == null ? null : consumer.groupMetadata().groupId();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
