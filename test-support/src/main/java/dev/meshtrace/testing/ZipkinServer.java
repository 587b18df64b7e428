package dev.meshtrace.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real Zipkin server ({@code io.zipkin:zipkin-server}, classifier {@code exec}) running as a child JVM on a
 * free loopback port, with in-memory storage and a 256 MB heap. Usually obtained from {@link ZipkinServerExtension},
 * which starts one per test run; {@link #start()} is for code outside JUnit. Storage is shared by everything that
 * uses the server: tests tell their data apart by trace ID and service name, never by counting all spans.
 */
public final class ZipkinServer implements AutoCloseable {
  /** System property naming the server's executable jar (the root pom sets it to the local Maven repository). */
  public static final String JAR_PROPERTY = "zipkin.server.jar";
  /** System property: how long to wait for {@code /health}, as an ISO-8601 duration. Default 2 minutes. */
  public static final String START_TIMEOUT_PROPERTY = "zipkin.server.startTimeout";

  private static final int PORT_ATTEMPTS = 3;

  private final ChildProcess process;
  private final URI baseUrl;
  private final Duration startupTime;
  private final ZipkinApi api;

  private ZipkinServer(ChildProcess process, URI baseUrl, Duration startupTime) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.startupTime = startupTime;
    this.api = new ZipkinApi(baseUrl);
  }

  /**
   * Starts a server and waits until it is healthy.
   *
   * @throws IllegalStateException when the jar cannot be found, or the server is not healthy in time (the message
   *     carries the end of its log)
   */
  public static ZipkinServer start() {
    return start(0);
  }

  /**
   * Starts a server on {@code port} (0: a free one, retried on another port if it was taken meanwhile) and waits
   * until it is healthy; a server restarted on the port of one that was closed is how a test restarts Zipkin.
   *
   * @throws IllegalStateException when the jar cannot be found, or the server is not healthy in time (the message
   *     carries the end of its log)
   */
  public static ZipkinServer start(int port) {
    return start(port, Map.of());
  }

  /**
   * Like {@link #start(int)}, with {@code environment} added to the server's: Zipkin's own settings, such as
   * {@code KAFKA_BOOTSTRAP_SERVERS} (with {@code KAFKA_TOPIC}, default {@code zipkin}) to also collect spans from a
   * Kafka topic. Healthy then means its Kafka collector reached the broker too.
   */
  public static ZipkinServer start(int port, Map<String, String> environment) {
    Path jar = locateJar();
    Duration timeout = Duration.parse(System.getProperty(START_TIMEOUT_PROPERTY, "PT2M"));
    for (int attempt = 1; ; attempt++) {
      int listenPort = port == 0 ? ChildProcess.freePort() : port;
      URI baseUrl = URI.create("http://127.0.0.1:" + listenPort + "/");
      long startNanos = System.nanoTime();
      ChildProcess process;
      try {
        Map<String, String> serverEnvironment = new HashMap<>(environment);
        serverEnvironment.put("QUERY_PORT", Integer.toString(listenPort));
        process = ChildProcess.start(command(jar, listenPort), serverEnvironment,
            ChildProcess.logFile("zipkin-server-" + listenPort));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the Zipkin server " + jar, e);
      }
      try {
        process.awaitHealthy(baseUrl.resolve("health"), timeout);
        return new ZipkinServer(process, baseUrl, Duration.ofNanos(System.nanoTime() - startNanos));
      } catch (ChildProcess.ExitedEarly e) {
        if (port != 0 || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("Zipkin server did not start: " + e.getMessage());
        }
      } catch (InterruptedException e) {
        process.close();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the Zipkin server", e);
      } catch (IllegalStateException e) {
        throw new IllegalStateException("Zipkin server did not start: " + e.getMessage());
      }
    }
  }

  private static List<String> command(Path jar, int port) {
    List<String> command = ChildProcess.javaCommand("256m");
    // Listen on loopback only.
    command.add("-Darmeria.ports[0].ip=127.0.0.1");
    command.add("-Darmeria.ports[0].port=" + port);
    command.add("-Darmeria.ports[0].protocols[0]=http");
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /** The server's root, e.g. {@code http://127.0.0.1:41234/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Where spans are POSTed: {@code {baseUrl}api/v2/spans}. */
  public String spansEndpoint() {
    return baseUrl.resolve("api/v2/spans").toString();
  }

  /** A client for the query API. */
  public ZipkinApi api() {
    return api;
  }

  /** From launching the process to the first healthy answer. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The server's log file (standard output and error). */
  public Path log() {
    return process.log();
  }

  /** Kills the server process and its descendants. Idempotent. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "ZipkinServer{" + baseUrl + ", pid " + process.pid() + "}";
  }

  /**
   * The executable jar: from {@value #JAR_PROPERTY}, else from the class path, else from the local Maven
   * repository (runs outside Maven, e.g. in an IDE).
   */
  static Path locateJar() {
    String version = serverVersion();
    String fileName = "zipkin-server-" + version + "-exec.jar";
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null && !configured.isBlank()) candidates.add(Path.of(configured));
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (entry.endsWith(File.separator + fileName)) candidates.add(Path.of(entry));
    }
    Path repository = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    candidates.add(repository.resolve(Path.of("io", "zipkin", "zipkin-server", version, fileName)));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) return candidate;
    }
    throw new IllegalStateException("Zipkin server jar " + fileName + " not found (looked at " + candidates
        + "). Run the tests through Maven, which downloads io.zipkin:zipkin-server:" + version + ":exec, or set -D"
        + JAR_PROPERTY + "=/path/to/" + fileName);
  }

  private static String serverVersion() {
    Properties properties = new Properties();
    try (InputStream in = ZipkinServer.class.getResourceAsStream("zipkin-server.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("test-support is missing zipkin-server.properties", e);
    }
    return properties.getProperty("version");
  }
}
