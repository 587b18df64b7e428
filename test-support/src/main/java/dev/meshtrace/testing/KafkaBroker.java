package dev.meshtrace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker ({@code org.apache.kafka:kafka_2.13}, KRaft mode: one process is broker and
 * controller) running as a child JVM on free loopback ports, with a 384 MB heap and its data in a temporary
 * directory. Being a separate process, its Scala and {@code kafka-clients} never meet the class path of the code under
 * test, and a test can {@link #kill()} it and {@link #restart()} it on the same ports with the same topics.
 *
 * <p>Usually obtained from {@link KafkaBrokerExtension}, which starts one per test run; a test that kills the broker
 * starts its own with {@link #start()} so it disturbs no other test. Topics are created on first use (one partition,
 * replication factor 1). The broker's class path is written by test-support's build into the resource
 * {@code kafka-broker.classpath}.
 */
public final class KafkaBroker implements AutoCloseable {
  /** System property: how long to wait for the broker to start, as an ISO-8601 duration. Default 2 minutes. */
  public static final String START_TIMEOUT_PROPERTY = "kafka.broker.startTimeout";

  /** What Kafka logs once the broker accepts requests (after the controller elected itself and unfenced it). */
  private static final String STARTED_LINE = "Kafka Server started";
  private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
  private static final int PORT_ATTEMPTS = 3;

  private final String classPath;
  private final Path directory;
  private final int port;
  private final int controllerPort;
  private volatile ChildProcess process;
  private volatile Duration startupTime;

  private KafkaBroker(String classPath, Path directory, int port, int controllerPort) {
    this.classPath = classPath;
    this.directory = directory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /**
   * Formats a new data directory and starts a broker on free ports, waiting until it accepts requests.
   *
   * @throws IllegalStateException when the class path resource is missing, or the broker does not start in time
   *     (the message carries the end of its log)
   */
  public static KafkaBroker start() {
    return start(0);
  }

  /**
   * Like {@link #start()}, its client listener on {@code port} (0: a free one, retried on another if it was taken
   * meanwhile).
   */
  public static KafkaBroker start(int port) {
    String classPath = brokerClassPath();
    for (int attempt = 1; ; attempt++) {
      KafkaBroker broker;
      try {
        broker = new KafkaBroker(classPath, Files.createTempDirectory("meshtrace-kafka-"),
            port == 0 ? ChildProcess.freePort() : port, ChildProcess.freePort());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the broker's data directory", e);
      }
      try {
        broker.format();
        broker.launch();
        return broker;
      } catch (ChildProcess.ExitedEarly e) {
        broker.close();
        if (port != 0 || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("Kafka broker did not start: " + e.getMessage());
        }
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    }
  }

  /** Where clients connect: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The client listener's port, the same across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** Whether the broker process is running (false after {@link #kill()} until {@link #restart()}). */
  public boolean isRunning() {
    ChildProcess current = process;
    return current != null && current.isAlive();
  }

  /** From launching the (last) broker process to its accepting requests. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The log (standard output and error) of the last broker process. */
  public Path log() {
    return process.log();
  }

  /**
   * Kills the broker process at once (no controlled shutdown), keeping its data: clients see connections refused
   * until {@link #restart()}. Idempotent.
   */
  public void kill() {
    ChildProcess current = process;
    if (current != null) current.close();
  }

  /**
   * Starts the broker again after {@link #kill()}, on the same ports with the same data (cluster, topics, committed
   * offsets), and waits until it accepts requests.
   *
   * @throws IllegalStateException when it is still running, or does not start in time
   */
  public synchronized void restart() {
    if (isRunning()) throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is running");
    launch();
  }

  /** Kills the broker and deletes its data. Idempotent. */
  @Override
  public void close() {
    kill();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }

  @Override
  public String toString() {
    ChildProcess current = process;
    return "KafkaBroker{" + bootstrapServers() + (current == null ? "" : ", pid " + current.pid()) + "}";
  }

  /** Writes the configuration and formats the data directory with a new cluster ID (Kafka's storage tool). */
  private void format() {
    try {
      Files.writeString(config(), serverProperties(), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve("log4j2.properties"), LOG_CONFIG, StandardCharsets.UTF_8);
      List<String> command = javaCommand("kafka.tools.StorageTool");
      command.addAll(List.of("format", "--cluster-id", newClusterId(), "--config", config().toString()));
      ChildProcess tool = ChildProcess.start(command, Map.of(), ChildProcess.logFile("kafka-storage-format"));
      int exitCode = tool.awaitExit(timeout());
      if (exitCode != 0) {
        throw new IllegalStateException(
            "Kafka's storage tool exited with code " + exitCode + tool.logTailMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot format the Kafka broker's data directory " + directory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting the Kafka broker's data directory", e);
    }
  }

  private void launch() {
    long startNanos = System.nanoTime();
    ChildProcess started;
    try {
      List<String> command = javaCommand("kafka.Kafka");
      command.add(config().toString());
      started = ChildProcess.start(command, Map.of(), ChildProcess.logFile("kafka-broker-" + port));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Kafka broker", e);
    }
    process = started;
    try {
      started.awaitLogLine(STARTED_LINE, timeout());
    } catch (InterruptedException e) {
      started.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    } catch (ChildProcess.ExitedEarly e) {
      throw e;
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Kafka broker did not start: " + e.getMessage());
    }
    startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private List<String> javaCommand(String mainClass) {
    List<String> command = ChildProcess.javaCommand("384m");
    command.add("-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties").toUri());
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    return command;
  }

  private Path config() {
    return directory.resolve("server.properties");
  }

  private String serverProperties() {
    String host = "127.0.0.1:";
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + host + controllerPort,
        "controller.listener.names=CONTROLLER",
        "listeners=PLAINTEXT://" + host + port + ",CONTROLLER://" + host + controllerPort,
        "advertised.listeners=PLAINTEXT://" + host + port,
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + directory.resolve("data"),
        "num.partitions=1",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // After a kill, the restarted broker may register only once the controller expired the old session.
        "broker.heartbeat.interval.ms=500",
        "broker.session.timeout.ms=2000",
        "");
  }

  /** Kafka's cluster ID format: 16 random bytes, base64url without padding, not starting with '-'. */
  private static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  private static Duration timeout() {
    return Duration.parse(System.getProperty(START_TIMEOUT_PROPERTY, "PT2M"));
  }

  private static String brokerClassPath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test-support is missing " + CLASSPATH_RESOURCE
            + ": build it with Maven (its generate-resources phase writes the Kafka broker's class path)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + CLASSPATH_RESOURCE, e);
    }
  }

  /** INFO to standard output (the process log), quieter where Kafka is chatty. */
  private static final String LOG_CONFIG = String.join("\n",
      "appender.out.type=Console",
      "appender.out.name=OUT",
      "appender.out.layout.type=PatternLayout",
      "appender.out.layout.pattern=[%d] %p %m (%c)%n",
      "rootLogger.level=INFO",
      "rootLogger.appenderRef.out.ref=OUT",
      "logger.state.name=state.change.logger",
      "logger.state.level=WARN",
      "logger.clients.name=org.apache.kafka.clients",
      "logger.clients.level=WARN",
      "");
}
