package dev.meshtrace.zipkin;

/** Which zipkin-reporter sender carries the spans: an HTTP client posting to Zipkin, or a Kafka producer. */
public enum SenderType {
  /** OkHttp when the application has it ({@code zipkin-sender-okhttp3} and OkHttp), else {@code HttpURLConnection}. */
  AUTO,
  /** {@code zipkin-sender-urlconnection}: the JDK's {@code HttpURLConnection}, no further dependencies. */
  URL_CONNECTION,
  /** {@code zipkin-sender-okhttp3}: needs it and OkHttp on the class path. */
  OKHTTP,
  /**
   * {@code zipkin-sender-kafka}: spans go to a Kafka topic that Zipkin's Kafka collector reads; needs it and
   * {@code kafka-clients} on the class path, and {@link ZipkinSpanHandler.Builder#kafkaBootstrapServers}.
   */
  KAFKA
}
