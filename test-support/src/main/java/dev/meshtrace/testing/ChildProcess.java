package dev.meshtrace.testing;

import java.io.IOException;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        String message = "process " + process.pid() + " exited with code " + process.exitValue()
            + " before " + healthUrl + " answered 200";
        close();
        throw new ExitedEarly(message + logTailMessage());
      }
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      if (System.nanoTime() - deadline > 0) {
        close();
        throw new IllegalStateException(
            "process " + process.pid() + " not healthy at " + healthUrl + " within " + timeout + logTailMessage());
      }
      Thread.sleep(200);
    }
  }

  private String logTailMessage() {
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
