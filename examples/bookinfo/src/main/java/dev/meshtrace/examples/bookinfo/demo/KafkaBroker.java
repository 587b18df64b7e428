package dev.meshtrace.examples.bookinfo.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo's Kafka broker: Apache Kafka from the jars in {@code kafka-broker/} next to {@code bookinfo.jar}, one
 * process that is broker and controller (KRaft), on free loopback ports, its data in a temporary directory. Closing
 * stops it and deletes the data.
 */
final class KafkaBroker implements AutoCloseable {
  private static final long STARTUP_TIMEOUT_MILLIS = 120_000;
  /** What Kafka logs once it takes requests. */
  private static final String STARTED = "Kafka Server started";

  private final Path directory;
  private final Process process;
  private final int port;

  private KafkaBroker(Path directory, Process process, int port) {
    this.directory = directory;
    this.process = process;
    this.port = port;
  }

  /**
   * Formats a data directory and starts the broker from the jars in {@code lib}, waiting until it takes requests and
   * printing a dot a second to {@code out} meanwhile.
   */
  static KafkaBroker start(Path lib, PrintStream out) throws KafkaUnavailableException {
    String classPath = classPath(lib);
    try {
      Path directory = Files.createTempDirectory("bookinfo-kafka-");
      int port = freePort();
      Path config = directory.resolve("server.properties");
      Files.write(config, serverProperties(directory, port, freePort()), StandardCharsets.UTF_8);
      Path logging = directory.resolve("log4j2.properties");
      Files.write(logging, List.of("appender.out.type=Console", "appender.out.name=OUT",
          "appender.out.layout.type=PatternLayout", "appender.out.layout.pattern=%d %p %m (%c)%n",
          "rootLogger.level=INFO", "rootLogger.appenderRef.out.ref=OUT"), StandardCharsets.UTF_8);
      out.print("Starting Kafka (KRaft) on port " + port + " ");
      out.flush();
      long started = System.nanoTime();
      Path log = directory.resolve("kafka.log");
      String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
      Process format = java(classPath, logging, log, "kafka.tools.StorageTool", "format", "--cluster-id", clusterId,
          "--config", config.toString());
      if (!format.waitFor(STARTUP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        out.println();
        throw new KafkaUnavailableException("formatting its data directory failed; its log " + log + ":\n"
            + ZipkinServer.tail(log, 15));
      }
      Process process = java(classPath, logging, log, "kafka.Kafka", config.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "kafka-stopper"));
      KafkaBroker broker = new KafkaBroker(directory, process, port);
      broker.awaitStarted(log, started, out);
      out.printf(" ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
      return broker;
    } catch (IOException e) {
      throw new KafkaUnavailableException("it could not be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while it was starting");
    }
  }

  private void awaitStarted(Path log, long started, PrintStream out)
      throws IOException, InterruptedException, KafkaUnavailableException {
    long nextDot = started + TimeUnit.SECONDS.toNanos(1);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(STARTED)) {
      boolean exited = !process.isAlive();
      if (exited || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) > STARTUP_TIMEOUT_MILLIS) {
        close();
        out.println();
        throw new KafkaUnavailableException((exited ? "it exited" : "it did not start within "
            + STARTUP_TIMEOUT_MILLIS / 1000 + " s") + "; its log " + log + ":\n" + ZipkinServer.tail(log, 15));
      }
      if (System.nanoTime() >= nextDot) {
        out.print('.');
        out.flush();
        nextDot += TimeUnit.SECONDS.toNanos(1);
      }
      Thread.sleep(200);
    }
  }

  /** Where clients connect. */
  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** One node, loopback only; internal topics with one replica, as a single broker needs. */
  private static List<String> serverProperties(Path directory, int port, int controllerPort) {
    String broker = "127.0.0.1:" + port;
    String controller = "127.0.0.1:" + controllerPort;
    return List.of(
        "node.id=1", "process.roles=broker,controller",
        "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
        "advertised.listeners=PLAINTEXT://" + broker,
        "controller.listener.names=CONTROLLER", "controller.quorum.voters=1@" + controller,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + directory.resolve("data"),
        "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
        "group.initial.rebalance.delay.ms=0");
  }

  private static Process java(String classPath, Path logging, Path log, String... mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + logging.toUri(), "-cp", classPath));
    command.addAll(List.of(mainAndArgs));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static String classPath(Path lib) throws KafkaUnavailableException {
    List<String> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(lib)) {
      files.filter(file -> file.toString().endsWith(".jar")).forEach(jar -> jars.add(jar.toString()));
    } catch (IOException e) {
      // reported below
    }
    if (jars.stream().noneMatch(jar -> jar.contains("kafka_2.13"))) {
      throw new KafkaUnavailableException("there is no Kafka in " + lib
          + " (the build puts Apache Kafka's jars in kafka-broker/ next to bookinfo.jar)");
    }
    return String.join(File.pathSeparator, jars);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
