package dev.meshtrace.zipkin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend that hangs: a real loopback socket that accepts connections, reads nothing and never answers, so every
 * message sent to it waits for the sender's read timeout.
 */
final class HangingBackend implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstConnection = new CountDownLatch(1);

  HangingBackend() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "hanging-backend-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/api/v2/spans";
  }

  /** Waits until a sender has connected (and so has a message in flight that will never be answered). */
  void awaitConnection() throws InterruptedException {
    if (!firstConnection.await(30, TimeUnit.SECONDS)) throw new AssertionError("nothing connected to " + this);
  }

  private void accept() {
    try {
      while (true) {
        accepted.add(server.accept());
        firstConnection.countDown();
      }
    } catch (IOException closed) {
      // close() ends the loop
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : accepted) socket.close();
  }

  @Override
  public String toString() {
    return "HangingBackend{" + endpoint() + "}";
  }
}
