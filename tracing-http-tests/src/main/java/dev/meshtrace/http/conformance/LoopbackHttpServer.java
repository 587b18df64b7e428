package dev.meshtrace.http.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on a free loopback port that records every request exactly as it came off the wire
 * (header lines in order, names and values byte for byte, repeats kept), so tests can tell a replaced header from
 * a duplicated one. Answers by path:
 * <ul>
 *   <li>{@code /status/<code>}: that status;
 *   <li>{@code /redirect}: {@code 302} to {@code /hello};
 *   <li>{@code /held}: waits until {@link #release()} (or {@link #close()}), then {@code 200};
 *   <li>{@code /drop}: reads the request and closes the connection without answering;
 *   <li>anything else: {@code 200} with body {@code ok}.
 * </ul>
 * Every answer carries {@code X-Cache: hit}. Keep-alive is honoured; request bodies are read by
 * {@code Content-Length} (chunked request bodies are not supported: the suite sends none).
 */
public final class LoopbackHttpServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "loopback-http");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
  private final CountDownLatch released = new CountDownLatch(1);

  /** Starts listening on 127.0.0.1 at a free port. */
  public LoopbackHttpServer() throws IOException {
    serverSocket = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
    connections.execute(this::accept);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** Lets every {@code /held} request (waiting or to come) answer. */
  public void release() {
    released.countDown();
  }

  /** The next request received, waiting at most {@code timeout}; fails when none arrives. */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest request = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) throw new AssertionError("no request reached the server within " + timeout);
    return request;
  }

  /** The next request if one was received already, else null. */
  public RecordedRequest pollRequest() {
    return received.poll();
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    serverSocket.close();
    for (Socket socket : open) socket.close();
    connections.shutdownNow();
  }

  private void accept() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        open.add(socket);
        connections.execute(() -> serve(socket));
      } catch (IOException | java.util.concurrent.RejectedExecutionException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream()) {
      while (true) {
        String requestLine = readLine(in);
        if (requestLine == null) return;
        if (requestLine.isEmpty()) continue;
        List<String[]> headers = new ArrayList<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
          int colon = line.indexOf(':');
          headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
        }
        String[] parts = requestLine.split(" ", 3);
        RecordedRequest request = new RecordedRequest(parts[0], parts[1], headers);
        String length = request.first("content-length");
        if (length != null) in.readNBytes(Integer.parseInt(length.strip()));
        received.add(request);
        if (!answer(request, out)) return;
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      // the peer went away or the server is closing
    } finally {
      open.remove(socket);
    }
  }

  /** Writes the answer to {@code request}; false when the connection must close. */
  private boolean answer(RecordedRequest request, OutputStream out) throws IOException, InterruptedException {
    String path = request.path();
    int status = 200;
    String location = null;
    if (path.equals("/drop")) return false;
    if (path.equals("/held")) released.await();
    if (path.startsWith("/status/")) status = Integer.parseInt(path.substring("/status/".length()));
    if (path.equals("/redirect")) {
      status = 302;
      location = "/hello";
    }
    byte[] body = (status == 200 ? "ok" : "status " + status).getBytes(StandardCharsets.UTF_8);
    boolean close = "close".equalsIgnoreCase(request.first("connection"));
    StringBuilder head = new StringBuilder()
        .append("HTTP/1.1 ").append(status).append(status < 400 ? " OK" : " Error").append("\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Content-Type: text/plain\r\n")
        .append("X-Cache: hit\r\n");
    if (location != null) head.append("Location: ").append(location).append("\r\n");
    if (close) head.append("Connection: close\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return !close;
  }

  /** A line up to CRLF, as ISO-8859-1 (every byte kept); null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
