package dev.meshtrace.examples.bookinfo.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's Zipkin: the real server started from {@code zipkin-server.jar} as a child process with the same Java,
 * or a server that is already running. Closing stops the child process.
 */
final class ZipkinServer implements AutoCloseable {
  /** Zipkin's usual port, used when free so the UI is where people expect it. */
  static final int DEFAULT_PORT = 9411;
  private static final long STARTUP_TIMEOUT_MILLIS = 120_000;

  private final ZipkinApi api;
  private final Process process;

  private ZipkinServer(ZipkinApi api, Process process) {
    this.api = api;
    this.process = process;
  }

  /** A Zipkin that is already running at {@code baseUrl}; checked through its {@code /health}. */
  static ZipkinServer existing(String baseUrl) throws ZipkinUnavailableException {
    ZipkinApi api = new ZipkinApi(baseUrl);
    if (!api.isHealthy()) throw new ZipkinUnavailableException("no healthy Zipkin answers at " + baseUrl + "/health");
    return new ZipkinServer(api, null);
  }

  /**
   * Starts {@code jar} on loopback port 9411 when free (else on a free port) with {@code environment} added (Zipkin's
   * settings, such as {@code KAFKA_BOOTSTRAP_SERVERS}) and waits until it is healthy, printing a dot a second to
   * {@code out} meanwhile. The server's own output goes to a log file named in any failure message.
   */
  static ZipkinServer start(Path jar, Map<String, String> environment, PrintStream out)
      throws ZipkinUnavailableException {
    if (!Files.isRegularFile(jar)) {
      throw new ZipkinUnavailableException("there is no Zipkin server at " + jar
          + " (the build puts zipkin-server.jar next to bookinfo.jar)");
    }
    int port = isFree(DEFAULT_PORT) ? DEFAULT_PORT : freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log;
    Process process;
    try {
      log = Files.createTempFile("bookinfo-zipkin-", ".log");
      // Loopback only, like the services: the demo is for this machine.
      ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-Darmeria.ports[0].ip=127.0.0.1", "-Darmeria.ports[0].port=" + port,
          "-Darmeria.ports[0].protocols[0]=http", "-jar", jar.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      builder.environment().put("QUERY_PORT", Integer.toString(port));
      process = builder.start();
    } catch (IOException e) {
      throw new ZipkinUnavailableException(java + " could not be started: " + e.getMessage());
    }
    Thread stopOnExit = new Thread(process::destroy, "zipkin-stopper");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    ZipkinApi api = new ZipkinApi("http://127.0.0.1:" + port);
    out.print("Starting Zipkin on port " + port + " ");
    out.flush();
    long started = System.nanoTime();
    long nextDot = started + TimeUnit.SECONDS.toNanos(1);
    while (!api.isHealthy()) {
      boolean exited = !process.isAlive();
      boolean tooLong = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) > STARTUP_TIMEOUT_MILLIS;
      if (exited || tooLong) {
        process.destroyForcibly();
        out.println();
        String what = exited ? "exited with code " + exitCode(process)
            : "did not become healthy within " + STARTUP_TIMEOUT_MILLIS / 1000 + " s";
        throw new ZipkinUnavailableException("Zipkin (" + java + " -jar " + jar + ") " + what
            + ". Last lines of its log " + log + ":\n" + tail(log, 15));
      }
      if (System.nanoTime() >= nextDot) {
        out.print('.');
        out.flush();
        nextDot += TimeUnit.SECONDS.toNanos(1);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new ZipkinUnavailableException("interrupted while Zipkin was starting");
      }
    }
    out.printf(" ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return new ZipkinServer(api, process);
  }

  ZipkinApi api() {
    return api;
  }

  @Override
  public void close() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws ZipkinUnavailableException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ZipkinUnavailableException("no free port for Zipkin: " + e.getMessage());
    }
  }

  private static String exitCode(Process process) {
    try {
      return Integer.toString(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The last {@code lines} lines of {@code log}. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, Charset.defaultCharset());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
