package dev.meshtrace.testing;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A child process for {@link ChildProcessTest}: {@code healthy PORT} serves {@code /health} and starts a grandchild;
 * {@code silent} only writes 100 log lines; {@code exit} fails at once.
 */
public final class FakeServer {
  private FakeServer() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "healthy":
        HttpServer server = HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 10);
        server.createContext("/health", exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
        server.start();
        new ProcessBuilder("sleep", "600").start();
        break;
      case "silent":
        for (int i = 1; i <= 100; i++) System.out.println("log line " + i);
        break;
      default:
        System.out.println("boom");
        System.exit(3);
    }
    Thread.sleep(600_000);
  }
}
