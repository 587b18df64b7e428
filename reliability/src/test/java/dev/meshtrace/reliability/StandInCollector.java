package dev.meshtrace.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A Zipkin collector on loopback that can be made to fail: it answers every POST with a chosen status (with
 * {@code Retry-After} for 429 and 503), holds the requests without answering (and answers them 504 when released:
 * it never processed them), or behaves, in which case it decodes
 * the spans with Zipkin's own decoder and keeps them. It counts the posts and the spans it accepted, so a test can
 * hold meshtrace's own accounting against the backend's.
 */
final class StandInCollector implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Set<String> traceIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong spansAccepted = new AtomicLong();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private final ConcurrentHashMap<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
  private final StringBuffer received = new StringBuffer();
  private volatile int status = 202;
  private volatile CountDownLatch hold;

  private StandInCollector(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", this::handle);
    server.start();
  }

  /** A collector on a free port. */
  static StandInCollector start() {
    return start(0);
  }

  /** A collector on {@code port} (0: a free one). */
  static StandInCollector start(int port) {
    try {
      return new StandInCollector(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port() + "/api/v2/spans";
  }

  /** From now on, every post is answered with {@code status}; 202 accepts the spans. */
  void answer(int status) {
    this.status = status;
  }

  /** From now on, posts are read and held without an answer until {@link #release}. */
  void holdPosts() {
    hold = new CountDownLatch(1);
  }

  /** Answers the held posts (with the current status) and stops holding. */
  void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) latch.countDown();
  }

  int posts() {
    return posts.get();
  }

  /** Posts answered with {@code status}. */
  int answered(int status) {
    AtomicInteger count = answered.get(status);
    return count == null ? 0 : count.get();
  }

  /** Posts being held unanswered right now. */
  int held() {
    return held.get();
  }

  long spansAccepted() {
    return spansAccepted.get();
  }

  boolean received(String traceId) {
    return traceIds.contains(traceId);
  }

  /** Every accepted span as JSON text, for scanning. */
  String receivedText() {
    return received.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      posts.incrementAndGet();
      byte[] body = readBody(exchange);
      CountDownLatch latch = hold;
      int answer = status;
      if (latch != null) {
        held.incrementAndGet();
        try {
          latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          held.decrementAndGet();
        }
        answer = 504; // a hung collector never processed what it held
      }
      if (answer == 202) accept(body);
      if (answer == 429 || answer == 503) exchange.getResponseHeaders().set("Retry-After", "1");
      answered.computeIfAbsent(answer, code -> new AtomicInteger()).incrementAndGet();
      exchange.sendResponseHeaders(answer, -1);
    }
  }

  private void accept(byte[] body) {
    List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(body);
    for (Span span : spans) {
      traceIds.add(span.traceId());
      received.append(span).append('\n');
    }
    spansAccepted.addAndGet(spans.size());
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
