package dev.meshtrace.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * An HTTP span backend on loopback that can be made to fail: Zipkin's {@code POST /api/v2/spans} (JSON or proto3,
 * decoded with Zipkin's own decoders) and OTLP/HTTP's {@code POST /v1/traces} (protobuf, decoded with the official
 * OTLP classes). It answers every post with a chosen status (with {@code Retry-After} for 429 and 503), or holds the
 * posts unanswered (answering them 504 when released: it never processed them), or accepts the spans.
 */
final class StandInCollector extends Collector {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private StandInCollector(int port, Tally tally) throws IOException {
    super(tally);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", exchange -> handle(exchange, this::acceptZipkin));
    server.createContext("/v1/traces", exchange -> handle(exchange, this::acceptOtlp));
    server.start();
  }

  static {
    // Load the decoders before the first post: on a loaded machine their first use could outlast a client's timeout.
    SpanBytesDecoder.JSON_V2.decodeList(new byte[] {'[', ']'});
    ExportTraceServiceRequest.getDefaultInstance().toByteArray();
  }

  /** A collector on {@code port} (0: a free one), counting into {@code tally}. */
  static StandInCollector start(int port, Tally tally) {
    try {
      return new StandInCollector(port, tally);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Acceptor {
    void accept(byte[] body, String contentType) throws IOException;
  }

  private void handle(HttpExchange exchange, Acceptor acceptor) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange);
      int answer = answerExport(504); // a hung collector never processed what it held
      if (answer == 202) acceptor.accept(body, exchange.getRequestHeaders().getFirst("Content-Type"));
      if (answer == 429 || answer == 503) exchange.getResponseHeaders().set("Retry-After", "1");
      tally.answered(answer);
      exchange.sendResponseHeaders(answer == 202 && exchange.getHttpContext().getPath().equals("/v1/traces")
          ? 200 : answer, -1);
    }
  }

  private void acceptZipkin(byte[] body, String contentType) {
    SpanBytesDecoder decoder = contentType != null && contentType.startsWith("application/x-protobuf")
        ? SpanBytesDecoder.PROTO3 : SpanBytesDecoder.JSON_V2;
    for (Span span : decoder.decodeList(body)) tally.accepted(span.traceId(), span.id(), span.toString());
  }

  private void acceptOtlp(byte[] body, String contentType) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    acceptOtlp(request, tally);
  }

  /** Counts every span of an OTLP request as accepted. */
  static void acceptOtlp(ExportTraceServiceRequest request, Tally tally) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
          tally.accepted(HexFormat.of().formatHex(span.getTraceId().toByteArray()),
              HexFormat.of().formatHex(span.getSpanId().toByteArray()), span.toString());
        }
      }
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
