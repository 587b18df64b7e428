package dev.meshtrace.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose accept queue is full, so a new connection attempt times out: a listener with a backlog of
 * one that never accepts, filled with connections until one is left waiting.
 */
final class UnresponsivePort implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  UnresponsivePort() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    for (int i = 0; i < 16; i++) {
      Socket filler = new Socket();
      fillers.add(filler);
      try {
        filler.connect(listener.getLocalSocketAddress(), 300);
      } catch (SocketTimeoutException full) {
        return;
      }
    }
    close();
    throw new IllegalStateException("The accept queue of a loopback listener never filled up");
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket filler : fillers) filler.close();
    listener.close();
  }
}
