package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;

/**
 * The OTLP attributes and status of one span: meshtrace's HTTP tags renamed to OpenTelemetry's stable HTTP semantic
 * conventions (the URL of a client call, or the scheme and Host of a served request, giving {@code server.address}
 * and {@code server.port}), the remote endpoint as network and client attributes, an error as {@code error.type} (the exception's
 * class, else the {@code error} tag such as {@code 503}) and an ERROR status with the exception's description.
 * Other tags pass through as strings. Both encoders read them through a {@link Sink}, with no copy in between.
 */
final class SpanAttributes {
  static final int STATUS_UNSET = 0;
  static final int STATUS_ERROR = 2;

  /** Receives one span's attributes, each once, then its status. */
  interface Sink {
    /** A string attribute; {@code asciiKey} when the key is one of the ASCII names written here. */
    void string(String key, boolean asciiKey, String value);

    /** An integer attribute: its key is always one of the ASCII names written here. */
    void integer(String key, long value);

    /** Called last, unless the status is unset: the code and the description, or null. */
    void status(int code, String message);
  }

  private final Sink sink;
  private int statusCode = STATUS_UNSET;
  private String statusMessage;

  private SpanAttributes(Sink sink) {
    this.sink = sink;
  }

  /** Hands the attributes and the status of {@code span} to {@code sink}. */
  static void visit(MutableSpan span, Sink sink) {
    SpanAttributes result = new SpanAttributes(sink);
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
          sink.string(key, false, value);
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
    if (result.statusCode != STATUS_UNSET) sink.status(result.statusCode, result.statusMessage);
  }

  private void serverAddress(ServerAddress address) {
    if (address == null) return;
    string("server.address", address.host());
    if (address.port() > 0) integer("server.port", address.port());
  }

  private void string(String key, String value) {
    sink.string(key, true, value);
  }

  private void integer(String key, long value) {
    sink.integer(key, value);
  }

  private void intOrString(String key, String value) {
    long parsed = parseNonNegative(value);
    if (parsed < 0) {
      string(key, value);
    } else {
      integer(key, parsed);
    }
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
