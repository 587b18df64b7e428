package dev.meshtrace.examples.bookinfo.demo;

/** The demo's Kafka broker could not be started; the message says why. */
final class KafkaUnavailableException extends Exception {
  KafkaUnavailableException(String message) {
    super(message);
  }
}
