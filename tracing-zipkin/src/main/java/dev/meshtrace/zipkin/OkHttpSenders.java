package dev.meshtrace.zipkin;

import java.io.IOException;
import okhttp3.Response;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.okhttp3.OkHttpSender;

/** Kept apart so that OkHttp classes load only when the OkHttp sender is chosen. */
final class OkHttpSenders {
  private OkHttpSenders() {}

  /**
   * A sender that follows no redirect: OkHttp would repeat a redirected POST as a GET and count its spans as sent
   * (Zipkin's UI at {@code /zipkin} answers 302), where they must fail and be reported as a wrong endpoint. Any
   * answer other than 2xx fails the message with its status, worded as the JDK's sender words it.
   */
  static BytesMessageSender create(HttpSenders.Settings settings) {
    OkHttpSender.Builder builder = OkHttpSender.newBuilder();
    builder.clientBuilder().followRedirects(false).followSslRedirects(false).addInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      if (response.isSuccessful()) return response;
      response.close();
      throw new IOException(
          "Server returned HTTP response code: " + response.code() + " for URL: " + chain.request().url());
    });
    return builder
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
