package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.internal.Utf8;
import java.util.Arrays;

/**
 * The OTLP attributes and status of one span: meshtrace's HTTP tags renamed to OpenTelemetry's stable HTTP semantic
 * conventions (the URL of a client call, or the scheme and Host of a served request, giving {@code server.address}
 * and {@code server.port}), the remote endpoint as network and client attributes, an error as {@code error.type} (the exception's
 * class, else the {@code error} tag such as {@code 503}) and an ERROR status with the exception's description.
 * Other tags pass through as strings. Computed once per span, read by both encoders.
 */
final class SpanAttributes {
  static final int STATUS_UNSET = 0;
  static final int STATUS_ERROR = 2;

  private String[] keys;
  /** Per attribute: whether its key is one of the ASCII names written here (not a tag's own key). */
  private boolean[] namedHere;
  private String[] strings;
  private long[] ints;
  private int count;
  int statusCode = STATUS_UNSET;
  String statusMessage;

  private SpanAttributes(int capacity) {
    keys = new String[capacity];
    namedHere = new boolean[capacity];
    strings = new String[capacity];
    ints = new long[capacity];
  }

  int count() {
    return count;
  }

  String key(int i) {
    return keys[i];
  }

  /** Whether key {@code i} is ASCII: always for the names written here, else as a tag's key is. */
  boolean keyIsAscii(int i) {
    return namedHere[i] || Utf8.isAscii(keys[i]);
  }

  /** The string value of attribute {@code i}, or null when it is an integer ({@link #intValue}). */
  String stringValue(int i) {
    return strings[i];
  }

  long intValue(int i) {
    return ints[i];
  }

  static SpanAttributes of(MutableSpan span) {
    SpanAttributes result = new SpanAttributes(span.tagCount() + 8);
    Throwable error = span.error();
    String path = null;
    String url = null;
    String host = null;
    String scheme = null;
    for (int i = 0, n = span.tagCount(); i < n; i++) {
      String key = span.tagKey(i);
      String value = span.tagValue(i);
      if (key == null || value == null) continue;
      switch (key) {
        case "http.method":
          result.string("http.request.method", value);
          break;
        case "http.path":
          path = value;
          break;
        case "http.url":
          url = value;
          result.string("url.full", value);
          break;
        case "http.scheme":
          scheme = value;
          result.string("url.scheme", value);
          break;
        case "http.host":
          host = value;
          break;
        case "http.status_code":
          result.intOrString("http.response.status_code", value);
          break;
        case "rpc.grpc.status_code":
          result.intOrString(key, value);
          break;
        case "error":
          // With an exception, the tracer's description of it; else the HTTP status that made the span an error.
          if (error != null) {
            result.statusMessage = value;
          } else {
            result.string("error.type", value);
          }
          result.statusCode = STATUS_ERROR;
          break;
        case "http.request.header.user-agent":
          result.string("user_agent.original", value);
          break;
        default:
          result.add(key, false, value, 0);
      }
    }
    if (path != null && url == null) { // a client call with its URL gets url.full only, as the conventions say
      int query = path.indexOf('?');
      result.string("url.path", query < 0 ? path : path.substring(0, query));
      if (query >= 0 && query + 1 < path.length()) result.string("url.query", path.substring(query + 1));
    }
    if (url != null) {
      result.serverAddress(ServerAddress.ofUrl(url));
    } else if (host != null) {
      result.serverAddress(ServerAddress.ofHost(host, scheme));
    }
    if (error != null) {
      result.string("error.type", error.getClass().getName());
      result.statusCode = STATUS_ERROR;
      if (result.statusMessage == null) result.statusMessage = error.getMessage();
    }
    String remoteIp = span.remoteIp();
    if (remoteIp != null) {
      if (span.kind() == SpanKind.SERVER) result.string("client.address", remoteIp);
      result.string("network.peer.address", remoteIp);
    }
    if (span.remotePort() > 0) result.integer("network.peer.port", span.remotePort());
    if (span.remoteServiceName() != null) result.string("peer.service", span.remoteServiceName());
    return result;
  }

  private void serverAddress(ServerAddress address) {
    if (address == null) return;
    string("server.address", address.host());
    if (address.port() > 0) integer("server.port", address.port());
  }

  private void string(String key, String value) {
    add(key, value, 0);
  }

  private void integer(String key, long value) {
    add(key, null, value);
  }

  private void intOrString(String key, String value) {
    long parsed = parseNonNegative(value);
    if (parsed < 0) {
      string(key, value);
    } else {
      integer(key, parsed);
    }
  }

  private void add(String key, String string, long integer) {
    add(key, true, string, integer);
  }

  private void add(String key, boolean named, String string, long integer) {
    if (count == keys.length) {
      keys = Arrays.copyOf(keys, count * 2 + 1);
      namedHere = Arrays.copyOf(namedHere, keys.length);
      strings = Arrays.copyOf(strings, keys.length);
      ints = Arrays.copyOf(ints, keys.length);
    }
    keys[count] = key;
    namedHere[count] = named;
    strings[count] = string;
    ints[count] = integer;
    count++;
  }

  /** A decimal of at most 9 digits, or -1. */
  private static long parseNonNegative(String value) {
    int length = value.length();
    if (length == 0 || length > 9) return -1;
    long result = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      result = result * 10 + (c - '0');
    }
    return result;
  }

  /** OTLP's {@code Span.SpanKind} number: a span without a kind is INTERNAL. */
  static int kindNumber(SpanKind kind) {
    if (kind == null) return 1;
    switch (kind) {
      case SERVER: return 2;
      case CLIENT: return 3;
      case PRODUCER: return 4;
      default: return 5; // CONSUMER
    }
  }
}
