package dev.meshtrace.benchmarks.requestpath;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the measured service talks to, in the harness's JVM on loopback: {@code /ratings/{id}} (its downstream, a
 * small JSON answer) and {@code /spans/{variant}} (a Zipkin sink that reads every message and discards it, one path
 * per variant). Both keep what they saw, so that the harness can check each variant really traces (or really does
 * not) before measuring.
 */
final class Backends implements AutoCloseable {
  private static final byte[] RATING = "{\"stars\":4,\"color\":\"black\"}".getBytes(StandardCharsets.US_ASCII);

  final AtomicLong downstreamCalls = new AtomicLong();
  private static final List<String> MESH_HEADERS =
      List.of("x-request-id", "b3", "x-b3-traceid", "x-b3-sampled", "traceparent");

  /** The mesh headers the latest downstream call carried ({@code x-request-id} and the trace headers), by name. */
  final AtomicReference<Map<String, String>> lastMeshHeaders = new AtomicReference<>(Map.of());
  private final Map<String, AtomicLong> sinkBytes = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  Backends() throws IOException {
    // Headers and body are written apart: without TCP_NODELAY each answer waits out the client's delayed ACK (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/ratings/", this::rating);
    server.createContext("/spans/", this::spans);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Where {@code variant} reports its spans. */
  String sinkUrl(String variant) {
    return baseUrl() + "/spans/" + variant;
  }

  /** Bytes of span messages {@code variant} has reported so far. */
  long sinkBytes(String variant) {
    AtomicLong bytes = sinkBytes.get(variant);
    return bytes == null ? 0 : bytes.get();
  }

  private void rating(HttpExchange exchange) throws IOException {
    try (exchange) {
      downstreamCalls.incrementAndGet();
      var headers = exchange.getRequestHeaders();
      Map<String, String> mesh = new TreeMap<>();
      for (String name : MESH_HEADERS) {
        String value = headers.getFirst(name);
        if (value != null) mesh.put(name, value);
      }
      lastMeshHeaders.set(mesh);
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, RATING.length);
      exchange.getResponseBody().write(RATING);
    }
  }

  private void spans(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getPath();
      sinkBytes.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), variant -> new AtomicLong())
          .addAndGet(body.transferTo(OutputStream.nullOutputStream()));
      exchange.sendResponseHeaders(202, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
