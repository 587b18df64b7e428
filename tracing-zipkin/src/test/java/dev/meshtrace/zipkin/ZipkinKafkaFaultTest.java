package dev.meshtrace.zipkin;

import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.await;
import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.reporting.RetryPolicy;
import dev.meshtrace.testing.KafkaBroker;
import dev.meshtrace.testing.KafkaSpanTopic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka sender against a real broker that is absent, killed and restarted: the thread that finishes a span never
 * waits for the broker and never sees an exception, drops are counted by cause, and delivery resumes when the broker
 * is back. Each test runs a broker of its own, as it kills or starts it.
 */
class ZipkinKafkaFaultTest {
  final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  <T extends AutoCloseable> T closeLater(T resource) {
    resources.add(resource);
    return resource;
  }

  ZipkinSpanHandler handler(int brokerPort, Map<String, ?> overrides, int queuedMaxSpans) {
    ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().sender(SenderType.KAFKA)
        .kafkaBootstrapServers("127.0.0.1:" + brokerPort).kafkaOverrides(overrides)
        .queuedMaxSpans(queuedMaxSpans).flushInterval(Duration.ofMillis(50)).retry(RetryPolicy.NONE).build();
    resources.add(() -> handler.close(Duration.ZERO));
    return handler;
  }

  @Test
  void brokerAbsentAtStartup_applicationNeverWaitsForIt_andDeliveryStartsWhenItComes() throws Exception {
    int port = freePort();
    // The reporter thread may wait for the broker's metadata as long as the test needs: it is provably stuck.
    ZipkinSpanHandler handler = handler(port, Map.of("max.block.ms", TimeUnit.MINUTES.toMillis(10)), 10);
    ReportingMetrics metrics = handler.metrics();

    Set<Thread> earlierThreads = Thread.getAllStackTraces().keySet();
    report(handler, 1, 1); // starts the reporter thread
    await("the reporter thread waiting in the Kafka producer", () -> inKafkaSend(earlierThreads));
    report(handler, 100, 50); // each call returned, none threw

    assertThat(metrics.messagesSent() + metrics.messagesFailed()).as("no message completed meanwhile").isZero();
    assertThat(inKafkaSend(earlierThreads)).as("the reporter thread still waits").isTrue();
    assertThat(metrics.spansReported()).isEqualTo(51);
    assertThat(metrics.spansDropped(DropCause.QUEUE_FULL)).as("beyond queuedMaxSpans").isEqualTo(40);

    KafkaBroker broker = closeLater(KafkaBroker.start(port));
    KafkaSpanTopic topic = closeLater(new KafkaSpanTopic(broker.bootstrapServers(), "zipkin"));

    await("every span kept sent", () -> metrics.spansSent() == 11);
    assertThat(topic.awaitSpans(11)).extracting(zipkin2.Span::name)
        .contains("span-1").doesNotHaveDuplicates().hasSize(11);
    assertThat(metrics.spansDropped()).isEqualTo(40);
  }

  @Test
  void brokerAbsent_eachMessageFailsAfterMaxBlockAndIsCountedAsSendFailed() throws Exception {
    ZipkinSpanHandler handler = handler(freePort(), Map.of("max.block.ms", 100), 10_000);

    report(handler, 1, 5);

    await("failed sends", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 5);
    assertThat(handler.metrics().lastSendFailure())
        .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    assertThat(handler.metrics().spansSent()).isZero();
  }

  @Test
  void brokerKilledMidRunAndRestarted_dropsAreCountedAndDeliveryResumes() throws Exception {
    KafkaBroker broker = closeLater(KafkaBroker.start());
    KafkaSpanTopic topic = closeLater(new KafkaSpanTopic(broker.bootstrapServers(), "zipkin"));
    ZipkinSpanHandler handler = handler(broker.port(),
        Map.of("max.block.ms", 500, "request.timeout.ms", 500, "delivery.timeout.ms", 1000), 10_000);
    ReportingMetrics metrics = handler.metrics();
    long warmUp = awaitOneSpanSent(handler, 1_000); // the first message creates the topic
    report(handler, 1, 3);
    await("sent count", () -> metrics.spansSent() == 4);
    assertThat(topic.awaitSpans(4)).extracting(zipkin2.Span::name)
        .contains("span-1", "span-2", "span-3", "span-" + warmUp);
    long failedBefore = metrics.spansDropped(DropCause.SEND_FAILED);

    broker.kill();
    report(handler, 10, 5); // each call returned, none threw

    await("failed sends", () -> metrics.spansDropped(DropCause.SEND_FAILED) == failedBefore + 5);
    assertThat(metrics.spansSent()).isEqualTo(4);

    broker.restart();
    long sentinel = awaitOneSpanSent(handler, 2_000);

    List<String> names = topic.awaitSpans(5).stream().map(zipkin2.Span::name).toList();
    assertThat(names).contains("span-1", "span-2", "span-3", "span-" + sentinel)
        .as("spans counted as dropped were not delivered")
        .doesNotContainAnyElementsOf(Arrays.asList("span-10", "span-11", "span-12", "span-13", "span-14"));
    assertThat(metrics.spansSent() + metrics.spansDropped()).isEqualTo(metrics.spansReported());
  }

  /**
   * Reports one span at a time, IDs from {@code firstId}, until one is sent (a new topic, or a broker just
   * restarted, may fail the first messages); each attempt waits until its span was sent or counted dropped. Returns
   * the sent span's ID.
   */
  static long awaitOneSpanSent(ZipkinSpanHandler handler, long firstId) throws InterruptedException {
    ReportingMetrics metrics = handler.metrics();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (long id = firstId; System.nanoTime() - deadline < 0; id++) {
      long sentBefore = metrics.spansSent();
      report(handler, id, 1);
      await("span " + id + " sent or dropped", () -> metrics.spansSent() + metrics.spansDropped()
          == metrics.spansReported());
      if (metrics.spansSent() > sentBefore) return id;
    }
    throw new AssertionError("nothing sent within 60 seconds: " + metrics);
  }

  /**
   * Whether a thread started after {@code earlierThreads} is inside the Kafka sender's send, in the producer's send
   * (waiting for the topic's metadata).
   */
  static boolean inKafkaSend(Set<Thread> earlierThreads) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(thread -> !earlierThreads.contains(thread.getKey()))
        .anyMatch(thread -> {
          boolean inSender = false;
          boolean inProducer = false;
          for (StackTraceElement frame : thread.getValue()) {
            inSender |= frame.getClassName().equals("zipkin2.reporter.kafka.KafkaSender")
                && frame.getMethodName().equals("send");
            inProducer |= frame.getClassName().equals("org.apache.kafka.clients.producer.KafkaProducer")
                && frame.getMethodName().equals("send");
          }
          return inSender && inProducer;
        });
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
