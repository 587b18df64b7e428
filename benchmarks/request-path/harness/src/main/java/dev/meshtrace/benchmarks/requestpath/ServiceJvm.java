package dev.meshtrace.benchmarks.requestpath;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One variant of the measured service, running in a JVM of its own: started from an app module's class path with its
 * properties, on a free port, with the same JVM options as every other variant. Reads the process's CPU time from
 * {@code /proc/<pid>/stat} (every thread: request threads, the reporter, GC and JIT) and the bytes its threads
 * allocated from the service's {@code /bench/allocated}.
 */
final class ServiceJvm implements AutoCloseable {
  /** JVM options of every variant: a fixed heap, so that no variant gets more room to amortise its garbage. */
  static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");
  private static final long TICK_NANOS = 1_000_000_000L / clockTicksPerSecond();

  final String name;
  final int port;
  private final Process process;
  private final HttpClient client = HttpClient.newHttpClient();

  private ServiceJvm(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /** Starts the service with {@code classpathFile}'s class path and {@code properties} ({@code --name=value}). */
  static ServiceJvm start(String name, Path classpathFile, List<String> properties, Path logDirectory)
      throws IOException {
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(classpathFile + " is missing: build the app modules first (BENCHMARKS.md)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(Files.readString(classpathFile).trim());
    command.add("dev.meshtrace.benchmarks.requestpath.ReviewsService");
    command.add("--server.port=" + port);
    command.add("--spring.main.banner-mode=off");
    command.add("--spring.application.name=reviews");
    command.add("--logging.level.root=warn");
    command.addAll(properties);
    Files.createDirectories(logDirectory);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logDirectory.resolve(name + ".log").toFile()).start();
    return new ServiceJvm(name, port, process);
  }

  /** Waits until {@code /reviews/1} answers 200, or fails after {@code timeout}. */
  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) throw new IllegalStateException(name + " exited: see its log");
      try {
        if (get("/reviews/1").statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) throw new IllegalStateException(name + " not ready after " + timeout);
      Thread.sleep(250);
    }
  }

  long pid() {
    return process.pid();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** CPU time of the whole process so far, user and system, in nanoseconds (clock-tick resolution). */
  long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command name: state is field 3 of the file, utime field 14 and stime field 15.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
  }

  /** Bytes allocated so far by the whole service JVM (its eden's intake). */
  long allocatedBytes() throws Exception {
    return Long.parseLong(get("/bench/allocated").body().trim());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the service and waits (up to 30 s) for it to end, so that it has flushed its spans before the sink goes. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String ticks = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Long.parseLong(ticks);
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return 100; // Linux's USER_HZ almost everywhere
    }
  }
}
