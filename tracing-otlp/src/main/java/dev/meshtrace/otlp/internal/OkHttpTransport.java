package dev.meshtrace.otlp.internal;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/** A transport over an OkHttp client of its own, posting to one URL. */
abstract class OkHttpTransport implements Transport {
  final OkHttpClient client;
  final String url;

  OkHttpTransport(OkHttpClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** At most this much of a response body is read: a partial-success message, or the start of an error page. */
  static final long MAX_RESPONSE_BYTES = 64 * 1024;

  /** The start of the response body, at most {@link #MAX_RESPONSE_BYTES}. */
  static byte[] body(Response response) throws IOException {
    return response.body() == null ? new byte[0] : response.peekBody(MAX_RESPONSE_BYTES).bytes();
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
