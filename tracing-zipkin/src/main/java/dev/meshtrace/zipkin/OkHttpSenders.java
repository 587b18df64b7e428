package dev.meshtrace.zipkin;

import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.okhttp3.OkHttpSender;

/** Kept apart so that OkHttp classes load only when the OkHttp sender is chosen. */
final class OkHttpSenders {
  private OkHttpSenders() {}

  static BytesMessageSender create(HttpSenders.Settings settings) {
    return OkHttpSender.newBuilder()
        .endpoint(settings.endpoint())
        .encoding(settings.encoding())
        .connectTimeout(settings.connectTimeoutMillis())
        .readTimeout(settings.readTimeoutMillis())
        .writeTimeout(settings.readTimeoutMillis())
        .messageMaxBytes(settings.messageMaxBytes())
        .compressionEnabled(settings.compression())
        .build();
  }
}
