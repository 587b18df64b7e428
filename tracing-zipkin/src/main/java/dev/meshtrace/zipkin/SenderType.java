package dev.meshtrace.zipkin;

/** Which zipkin-reporter HTTP sender posts the spans. */
public enum SenderType {
  /** OkHttp when the application has it ({@code zipkin-sender-okhttp3} and OkHttp), else {@code HttpURLConnection}. */
  AUTO,
  /** {@code zipkin-sender-urlconnection}: the JDK's {@code HttpURLConnection}, no further dependencies. */
  URL_CONNECTION,
  /** {@code zipkin-sender-okhttp3}: needs it and OkHttp on the class path. */
  OKHTTP
}
