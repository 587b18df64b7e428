package dev.meshtrace.okhttp;

import dev.meshtrace.http.HttpClientRequest;
import okhttp3.Headers;
import okhttp3.Request;

/** An OkHttp request as the client handler sees it; the headers it is given go into a copy made by {@link #build}. */
final class OkHttpClientRequest extends HttpClientRequest {
  private final Request request;
  private final boolean writable;
  private Headers.Builder headers;

  /** {@code writable} false: headers are ignored (the request will not be sent again). */
  OkHttpClientRequest(Request request, boolean writable) {
    this.request = request;
    this.writable = writable;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return request.url().encodedPath();
  }

  @Override
  public String query() {
    return request.url().encodedQuery();
  }

  @Override
  public String header(String name) {
    return request.header(name);
  }

  /**
   * Replaces every field named {@code name}, whatever its case. OkHttp rejects non-ASCII values in its checked
   * setter; a forwarded value may hold such characters (never control characters: the core drops those), so it is
   * added unchecked rather than failing the call.
   */
  @Override
  public void header(String name, String value) {
    if (!writable) return;
    if (headers == null) headers = request.headers().newBuilder();
    try {
      headers.set(name, value);
    } catch (IllegalArgumentException nonAscii) {
      headers.removeAll(name).addUnsafeNonAscii(name, value);
    }
  }

  /** Removes every field named {@code name}, whatever its case; copies nothing when there is none. */
  @Override
  public void removeHeader(String name) {
    if (!writable) return;
    if (headers == null) {
      if (request.header(name) == null) return;
      headers = request.headers().newBuilder();
    }
    headers.removeAll(name);
  }

  /** The request to send: the original, with the headers written so far. */
  Request build() {
    return headers == null ? request : request.newBuilder().headers(headers.build()).build();
  }

  @Override
  public Request unwrap() {
    return request;
  }
}
