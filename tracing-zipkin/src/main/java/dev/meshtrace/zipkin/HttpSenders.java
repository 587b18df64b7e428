package dev.meshtrace.zipkin;

import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** Builds the HTTP sender a {@link ZipkinSpanHandler.Builder} describes. */
final class HttpSenders {
  private HttpSenders() {}

  /** The settings a sender needs. */
  record Settings(String endpoint, Encoding encoding, int connectTimeoutMillis, int readTimeoutMillis,
      int messageMaxBytes, boolean compression) {}

  /** True when the OkHttp sender and OkHttp itself can be loaded. */
  static boolean okHttpAvailable() {
    ClassLoader loader = HttpSenders.class.getClassLoader();
    try {
      Class.forName("zipkin2.reporter.okhttp3.OkHttpSender", false, loader);
      Class.forName("okhttp3.OkHttpClient", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** {@code requested}, with {@link SenderType#AUTO} resolved. */
  static SenderType resolve(SenderType requested, boolean okHttpAvailable) {
    if (requested == SenderType.AUTO) return okHttpAvailable ? SenderType.OKHTTP : SenderType.URL_CONNECTION;
    if (requested == SenderType.OKHTTP && !okHttpAvailable) {
      throw new IllegalArgumentException("sender OKHTTP needs io.zipkin.reporter2:zipkin-sender-okhttp3 and "
          + "com.squareup.okhttp3:okhttp on the class path; add them or use URL_CONNECTION");
    }
    return requested;
  }

  static BytesMessageSender create(SenderType type, Settings settings) {
    if (type == SenderType.OKHTTP) return OkHttpSenders.create(settings);
    return URLConnectionSender.newBuilder()
        .endpoint(settings.endpoint())
        .encoding(settings.encoding())
        .connectTimeout(settings.connectTimeoutMillis())
        .readTimeout(settings.readTimeoutMillis())
        .messageMaxBytes(settings.messageMaxBytes())
        .compressionEnabled(settings.compression())
        .build();
  }
}
