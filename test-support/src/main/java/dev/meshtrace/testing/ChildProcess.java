package dev.meshtrace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server running as a child process, its output going to a log file. {@link #close()} kills it together with its
 * descendants; so does a shutdown hook when the JVM exits without closing it.
 */
final class ChildProcess implements AutoCloseable {
  private static final int LOG_TAIL_LINES = 60;

  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(this::kill, "kill " + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts {@code command} with {@code environment} added, standard output and error appended to {@code log}. */
  static ChildProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    return new ChildProcess(builder.start(), log);
  }

  /** {@code java} of the running JDK with a heap of {@code maxHeap} and flags for a quick start. */
  static List<String> javaCommand(String maxHeap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; peak speed does not matter for tests
    return command;
  }

  /** A loopback port free at the time of the call. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  /**
   * A new log file named after {@code prefix}, in the module's {@code target} directory when there is one (Maven
   * runs), so it outlives a failed run.
   */
  static Path logFile(String prefix) throws IOException {
    Path target = Path.of("target");
    Path directory = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    return Files.createTempFile(directory, prefix + "-", ".log");
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /**
   * Polls {@code healthUrl} until it answers 200. Throws, after killing the process, when the process exits first
   * ({@link ExitedEarly}) or {@code timeout} passes; either message ends with the tail of the log.
   */
  void awaitHealthy(URI healthUrl, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).build();
    awaitReady(healthUrl + " answered 200", timeout, () -> {
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notYetListening) {
        return false;
      }
    });
  }

  /**
   * Polls the log until a line contains {@code text}; fails like {@link #awaitHealthy}. Only for a log written by
   * this process alone (each start gets its own log file).
   */
  void awaitLogLine(String text, Duration timeout) throws InterruptedException {
    awaitReady("its log said \"" + text + "\"", timeout, () -> {
      try {
        return Files.readString(log, StandardCharsets.UTF_8).contains(text);
      } catch (IOException | RuntimeException notYetReadable) {
        return false;
      }
    });
  }

  /** A check that may block briefly (bounded by its own timeouts); interrupted while waiting is rethrown. */
  interface ReadinessCheck {
    boolean ready() throws InterruptedException;
  }

  private void awaitReady(String condition, Duration timeout, ReadinessCheck check) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        String message = "process " + process.pid() + " exited with code " + process.exitValue()
            + " before " + condition;
        close();
        throw new ExitedEarly(message + logTailMessage());
      }
      if (check.ready()) return;
      if (System.nanoTime() - deadline > 0) {
        close();
        throw new IllegalStateException(
            "process " + process.pid() + " not ready (" + condition + ") within " + timeout + logTailMessage());
      }
      Thread.sleep(200);
    }
  }

  /**
   * Waits for the process to end by itself and returns its exit code; kills it and throws when {@code timeout}
   * passes first (the message ends with the tail of the log).
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
    close();
    throw new IllegalStateException("process " + process.pid() + " still running after " + timeout
        + logTailMessage());
  }

  String logTailMessage() {
    return "; last lines of " + log + ":\n" + logTail();
  }

  /** The last lines the process wrote. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Kills the process and its descendants and waits for them to end. Idempotent. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs (or ran) anyway
    }
  }

  private void kill() {
    List<ProcessHandle> all = new ArrayList<>();
    process.descendants().forEach(all::add);
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      }
    }
  }

  /** The process ended before it became healthy (for instance: its port was taken meanwhile). */
  static final class ExitedEarly extends IllegalStateException {
    ExitedEarly(String message) {
      super(message);
    }
  }
}
