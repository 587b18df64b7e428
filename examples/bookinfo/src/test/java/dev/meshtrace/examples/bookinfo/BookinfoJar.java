package dev.meshtrace.examples.bookinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built {@code bookinfo.jar} (system property {@code bookinfo.jar}, set by the build) as a child JVM, its
 * output in a log file under {@code target/it-logs}. Closing kills it.
 */
final class BookinfoJar implements AutoCloseable {
  private static final Path LOGS = Path.of("target", "it-logs");

  private final Process process;
  private final Path log;

  private BookinfoJar(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar bookinfo.jar args...}, logging to {@code target/it-logs/<name>.log}. */
  static BookinfoJar start(String name, List<String> args) {
    String jar = System.getProperty("bookinfo.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("bookinfo.jar not built (system property bookinfo.jar=" + jar + ")");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
    command.addAll(args);
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(name + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new BookinfoJar(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the process accepts connections on {@code port}; fails with its log when it exits first. */
  void awaitListening(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) throw new AssertionError("exited with " + process.exitValue() + ":\n" + output());
        if (System.nanoTime() > deadline) throw new AssertionError("not listening on " + port + ":\n" + output());
        Thread.sleep(200);
      }
    }
  }

  /** Waits for the process to exit and returns its exit code; fails (killing it) after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** A free loopback port. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
