package dev.meshtrace.okhttp;

import dev.meshtrace.http.HttpClientRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * An OkHttp request as the client handler sees it; the headers it is given go into a copy made by {@link #build}.
 *
 * <p>Non-ASCII values: a server hands header bytes over one char per byte (ISO-8859-1: Tomcat, Jetty, Netty,
 * the JDK), while OkHttp writes every value as UTF-8. A forwarded value of such chars is therefore given to OkHttp
 * as the text its bytes spell in UTF-8, which OkHttp writes back as exactly those bytes. Bytes that are not UTF-8
 * cannot go out through OkHttp unaltered: that header is left out and counted, and the request still goes out. A
 * value holding chars beyond {@code 0xFF} is text already, and goes as UTF-8.
 */
final class OkHttpClientRequest extends HttpClientRequest {
  private static final Logger LOG = Logger.getLogger(OkHttpClientRequest.class.getName());

  private final Request request;
  private final LongAdder refusedHeaders;
  private Headers.Builder headers;

  /** Headers are written, and those OkHttp cannot carry are counted in {@code refusedHeaders}. */
  OkHttpClientRequest(Request request, LongAdder refusedHeaders) {
    this.request = request;
    this.refusedHeaders = refusedHeaders;
  }

  /** A request only read: headers are ignored (it will not be sent again). */
  static OkHttpClientRequest readOnly(Request request) {
    return new OkHttpClientRequest(request, null);
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
  public String url() {
    return request.url().toString();
  }

  @Override
  public String header(String name) {
    return request.header(name);
  }

  /**
   * Replaces every field named {@code name}, whatever its case. OkHttp's checked setter rejects non-ASCII values; a
   * forwarded value may hold such characters (never control characters: the core drops those), so it is added
   * unchecked, as the text that puts its bytes on the wire (see the class comment), or left out when there is none.
   */
  @Override
  public void header(String name, String value) {
    if (refusedHeaders == null) return;
    if (headers == null) headers = request.headers().newBuilder();
    try {
      headers.set(name, value);
    } catch (IllegalArgumentException nonAscii) {
      String text = utf8Text(value);
      if (text != null) {
        headers.removeAll(name).addUnsafeNonAscii(name, text);
      } else {
        refusedHeaders.increment();
        LOG.log(Level.FINE, "OkHttp cannot send the bytes of header {0} (not UTF-8); it is not forwarded", name);
      }
    }
  }

  /** What OkHttp must be given for {@code value}'s bytes to reach the wire, or null when they are not UTF-8. */
  static String utf8Text(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      if (value.charAt(i) > 0xff) return value; // text, not bytes
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }

  /** Removes every field named {@code name}, whatever its case; copies nothing when there is none. */
  @Override
  public void removeHeader(String name) {
    if (refusedHeaders == null) return;
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
