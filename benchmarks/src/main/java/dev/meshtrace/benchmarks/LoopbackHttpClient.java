package dev.meshtrace.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one kept-alive loopback connection, so that the client's own cost stays small
 * beside the server's: it sends a prepared GET and reads the response by its {@code Content-Length}.
 */
final class LoopbackHttpClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  LoopbackHttpClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** The bytes of a GET of {@code path} carrying {@code headers}. */
  static byte[] request(String path, Map<String, String> headers) {
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends {@code request} and reads the whole response; returns its status code. */
  int exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String statusLine = readLine();
    int contentLength = 0;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.regionMatches(true, 0, "content-length", 0, colon)) {
        contentLength = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    for (int i = 0; i < contentLength; i++) {
      if (in.read() < 0) throw new IOException("connection closed in the body");
    }
    return Integer.parseInt(statusLine.substring(9, 12));
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed");
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
