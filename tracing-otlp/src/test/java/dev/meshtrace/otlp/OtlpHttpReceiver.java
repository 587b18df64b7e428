package dev.meshtrace.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver on a free loopback port: accepts {@code POST /v1/traces}, decodes each request with the
 * official opentelemetry-proto classes (the JSON form through protobuf-java-util's JsonFormat) and answers as
 * scripted (default 200 with an empty response). A request it cannot decode is answered 400, and fails the test's
 * next {@link #take} or {@link #all} at once.
 */
final class OtlpHttpReceiver implements AutoCloseable {
  /** One request as it arrived. */
  record Received(String path, Map<String, List<String>> headers, byte[] body, ExportTraceServiceRequest request) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue().get(0);
      }
      return null;
    }
  }

  /** A scripted answer. */
  record Answer(int status, Map<String, String> headers, byte[] body, long delayMillis) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), new byte[0], 0);
    }
  }

  private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"");

  private final HttpServer server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> all = new ArrayList<>();
  private final List<Throwable> undecodable = new CopyOnWriteArrayList<>();

  private OtlpHttpReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static OtlpHttpReceiver start() {
    return start(0);
  }

  static OtlpHttpReceiver start(int port) {
    try {
      return new OtlpHttpReceiver(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String tracesUrl() {
    return "http://127.0.0.1:" + port() + "/v1/traces";
  }

  /** The next requests get these answers, in order; then 200 again. */
  void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** The next request, waiting at most 20 seconds for it. */
  Received take() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try {
      while (true) {
        failIfUndecodable();
        Received next = received.poll(50, TimeUnit.MILLISECONDS);
        if (next != null) return next;
        if (System.nanoTime() - deadline > 0) throw new AssertionError("no OTLP request arrived within 20s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next request if one arrives within {@code wait}, else null. */
  Received poll(java.time.Duration wait) {
    try {
      Received next = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      failIfUndecodable();
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Requests received so far, all of them. */
  synchronized List<Received> all() {
    failIfUndecodable();
    return List.copyOf(all);
  }

  private void failIfUndecodable() {
    if (!undecodable.isEmpty()) throw new AssertionError("a request could not be decoded", undecodable.get(0));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      ExportTraceServiceRequest request = null;
      if (exchange.getRequestMethod().equals("POST")) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        try {
          byte[] plain = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
              ? gunzip(body) : body;
          request = type != null && type.startsWith("application/json") ? fromJson(plain) : fromProto(plain);
        } catch (AssertionError | RuntimeException e) {
          undecodable.add(e);
          exchange.sendResponseHeaders(400, -1);
          return;
        }
      }
      Received record = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
          body, request);
      synchronized (this) {
        all.add(record);
      }
      Answer answer = script.poll();
      if (answer == null) answer = Answer.status(200);
      if (answer.delayMillis() > 0) Thread.sleep(answer.delayMillis());
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) exchange.getResponseBody().write(answer.body());
      received.add(record);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] gunzip(byte[] body) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExportTraceServiceRequest fromProto(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not an ExportTraceServiceRequest", e);
    }
  }

  /**
   * OTLP/JSON differs from protobuf's JSON mapping only in its IDs, hex instead of base64 (OTLP specification,
   * "JSON Protobuf Encoding"): turn them into base64, then let JsonFormat decode the rest strictly.
   */
  static ExportTraceServiceRequest fromJson(byte[] body) {
    String json = new String(body, StandardCharsets.UTF_8);
    Matcher ids = HEX_ID.matcher(json);
    StringBuilder converted = new StringBuilder();
    while (ids.find()) {
      String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ids.group(2)));
      ids.appendReplacement(converted, "\"" + ids.group(1) + "\":\"" + base64 + "\"");
    }
    ids.appendTail(converted);
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    try {
      JsonFormat.parser().merge(converted.toString(), request);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not OTLP/JSON: " + json, e);
    }
    return request.build();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
