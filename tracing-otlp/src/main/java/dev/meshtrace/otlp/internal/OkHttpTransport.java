package dev.meshtrace.otlp.internal;

import okhttp3.OkHttpClient;

/** A transport over an OkHttp client of its own, posting to one URL. */
abstract class OkHttpTransport implements Transport {
  final OkHttpClient client;
  final String url;

  OkHttpTransport(OkHttpClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** Stops the client's threads and closes its idle connections. */
  @Override
  public final void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public final String toString() {
    return url;
  }
}
