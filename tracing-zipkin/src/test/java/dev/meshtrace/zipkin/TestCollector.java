package dev.meshtrace.zipkin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A Zipkin collector stand-in on a real loopback socket, for fault tests: it can answer late, answer errors, hold
 * requests until released, or be stopped (connection refused) and started again on the same port.
 */
final class TestCollector implements AutoCloseable {
  private final int port;
  private final List<Span> spans = new ArrayList<>();
  private final List<String> contentTypes = new ArrayList<>();
  private final List<String> contentEncodings = new ArrayList<>();
  private volatile int status = 202;
  private final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int failureStatus;
  private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private HttpServer server;
  private ExecutorService executor;

  private TestCollector(int port) {
    this.port = port;
  }

  /** A running collector on a free port. */
  static TestCollector start() {
    TestCollector collector = new TestCollector(freePort());
    collector.listen();
    return collector;
  }

  /** A collector on a free port that is not listening yet: connections are refused until {@link #listen()}. */
  static TestCollector down() {
    return new TestCollector(freePort());
  }

  synchronized void listen() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/api/v2/spans", this::handle);
    server.start();
  }

  /** Stops listening: later connections are refused. */
  synchronized void stop() {
    if (server == null) return;
    hold.countDown();
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  /** The status of later answers. */
  void status(int status) {
    this.status = status;
  }

  /** The next {@code count} requests are answered {@code status}, then {@link #status} again. */
  void failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  /** Requests received so far, answered or not. */
  int requests() {
    return requests.get();
  }

  /** How long later requests wait before being answered. */
  void delay(Duration delay) {
    this.delay = delay;
  }

  /** Holds later requests unanswered until {@link #release()}. */
  void hold() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  /** Waits until a first request arrived (maybe still held). */
  void awaitFirstRequest() throws InterruptedException {
    if (!firstRequest.await(30, TimeUnit.SECONDS)) throw new AssertionError("no request reached the collector");
  }

  /** The spans of the requests answered with 202, in arrival order. */
  synchronized List<Span> spans() {
    return List.copyOf(spans);
  }

  synchronized List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /** The {@code Content-Encoding} of each accepted request, "identity" when it had none. */
  synchronized List<String> contentEncodings() {
    return List.copyOf(contentEncodings);
  }

  /** Waits until {@code count} spans were accepted; fails after 30 seconds. */
  List<Span> awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (spans().size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("expected " + count + " spans, collector got " + spans().size());
      }
      Thread.sleep(10);
    }
    return spans();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      requests.incrementAndGet();
      firstRequest.countDown();
      try {
        hold.await();
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        return; // stopped
      }
      int answer = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? failureStatus : status;
      if (answer == 202) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<Span> decoded = "application/x-protobuf".equals(contentType)
            ? SpanBytesDecoder.PROTO3.decodeList(body) : SpanBytesDecoder.JSON_V2.decodeList(body);
        synchronized (this) {
          spans.addAll(decoded);
          contentTypes.add(contentType);
          String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
          contentEncodings.add(encoding == null ? "identity" : encoding);
        }
      }
      exchange.sendResponseHeaders(answer, -1);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
