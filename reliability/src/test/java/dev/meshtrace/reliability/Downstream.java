package dev.meshtrace.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that stands for the next hop: it answers {@code 200 ok} to everything and keeps
 * each request's path and headers, exactly as they arrived on the wire (names lower-cased), for the test to check.
 */
final class Downstream implements AutoCloseable {
  /** One request as received. */
  record Received(String path, List<Map.Entry<String, String>> headers) {
    /** The first value of {@code name} (lower case), or null. */
    String header(String name) {
      for (Map.Entry<String, String> header : headers) {
        if (header.getKey().equals(name)) return header.getValue();
      }
      return null;
    }
  }

  final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final HttpServer server;
  private final ExecutorService threads;

  Downstream(int threads) throws IOException {
    this.threads = Executors.newFixedThreadPool(threads);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4_096);
    server.createContext("/", this::handle);
    server.setExecutor(this.threads);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      for (String value : values) headers.add(Map.entry(name.toLowerCase(java.util.Locale.ROOT), value));
    });
    received.add(new Received(exchange.getRequestURI().getRawPath(), headers));
    exchange.getRequestBody().readAllBytes();
    byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
