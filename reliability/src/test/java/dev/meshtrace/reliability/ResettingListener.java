package dev.meshtrace.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listens on a port and resets every connection it accepts (an RST, not an orderly close), before a byte is read:
 * what a crashing backend or a proxy dropping the connection does.
 */
final class ResettingListener implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger resets = new AtomicInteger();
  private final Thread acceptor;

  private ResettingListener(int port) throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    acceptor = new Thread(this::resetAll, "resetting-listener-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static ResettingListener start(int port) {
    try {
      return new ResettingListener(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int resets() {
    return resets.get();
  }

  private void resetAll() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        connection.setSoLinger(true, 0); // closing now sends RST
        resets.incrementAndGet();
      } catch (IOException e) {
        // closed, or the peer gave up first: either way nothing to reset
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
      acceptor.join(10_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
