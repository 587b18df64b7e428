package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.reporting.ReportingSpanHandler;
import dev.meshtrace.testing.KafkaBroker;
import dev.meshtrace.testing.KafkaSpanTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import zipkin2.Span;

/**
 * The reporting promise over the Kafka transport, with a real broker (KRaft, a child JVM): one Boot service with the
 * starter reporting to the topic lives through the broker being down at startup, a healthy stretch, and the broker
 * killed half-way through a burst and started again; then a service whose bootstrap host does not resolve. Every
 * request is answered, the reporter holds at most its limit, every finished span is delivered or dropped with a
 * cause, and what meshtrace counts as delivered is on the topic (read back as Zipkin's Kafka collector reads it).
 */
class KafkaTransportFaultsTest {
  static final int FAULT_REQUESTS = TransportFaultsTest.FAULT_REQUESTS;
  static final int RECOVERED_REQUESTS = TransportFaultsTest.RECOVERED_REQUESTS;
  static final int CONCURRENCY = TransportFaultsTest.CONCURRENCY;
  static final int QUEUED_MAX_SPANS = TransportFaultsTest.QUEUED_MAX_SPANS;
  static final List<List<String>> ROWS = new ArrayList<>();

  enum Fault {
    DOWN_AT_STARTUP("broker down at startup, then up"),
    NONE("none"),
    KILLED_MID_RUN("broker killed half-way, restarted after the burst");

    final String description;

    Fault(String description) {
      this.description = description;
    }
  }

  static Map<String, Object> properties(String bootstrapServers) {
    return Map.of(
        "meshtrace.http.server.trace-response", true,
        "meshtrace.zipkin.sender", "kafka",
        "meshtrace.zipkin.kafka.bootstrap-servers", bootstrapServers,
        "meshtrace.zipkin.flush-interval", "100ms",
        "meshtrace.zipkin.queued-max-spans", QUEUED_MAX_SPANS,
        "meshtrace.zipkin.message-max-bytes", TransportFaultsTest.MESSAGE_MAX_BYTES,
        // A message waits for the broker at most this long in the producer before it counts as failed.
        "meshtrace.zipkin.kafka.overrides.max.block.ms", 3000,
        "meshtrace.zipkin.kafka.overrides.request.timeout.ms", 3000,
        "meshtrace.zipkin.kafka.overrides.linger.ms", 5,
        "meshtrace.zipkin.kafka.overrides.delivery.timeout.ms", 6000);
  }

  @Test
  void everyRequestIsAnsweredAndEverySpanDeliveredOrCounted() throws Exception {
    int port = TransportFaultsTest.freePort();
    KafkaBroker broker = null;
    try (ConfigurableApplicationContext app = ReviewsApp.start(properties("127.0.0.1:" + port))) {
      int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      ReportingMetrics metrics = app.getBean(ReportingSpanHandler.class).metrics();
      for (Fault fault : Fault.values()) {
        long reportedBefore = metrics.spansReported();
        long sentBefore = metrics.spansSent();
        long sendFailedBefore = metrics.spansDropped(DropCause.SEND_FAILED);
        long queueFullBefore = metrics.spansDropped(DropCause.QUEUE_FULL);
        AtomicLong maxHeld = new AtomicLong();
        KafkaBroker running = broker;
        AtomicBoolean killed = new AtomicBoolean();
        Load duringFault = Load.run(appPort, "/reviews/", FAULT_REQUESTS, CONCURRENCY, i -> {
          maxHeld.accumulateAndGet(metrics.spansQueued(), Math::max);
          if (fault == Fault.KILLED_MID_RUN && i >= FAULT_REQUESTS / 2 && killed.compareAndSet(false, true)) {
            running.kill();
          }
        });
        if (broker == null) {
          broker = KafkaBroker.start(port);
        } else if (killed.get()) {
          broker.restart();
        }
        TransportFaultsTest.awaitTrue(() -> metrics.spansQueued() == 0, () -> fault + ": " + metrics);
        Load recovered = Load.run(appPort, "/reviews/", RECOVERED_REQUESTS, CONCURRENCY,
            i -> maxHeld.accumulateAndGet(metrics.spansQueued(), Math::max));
        long finished = (long) (FAULT_REQUESTS + RECOVERED_REQUESTS) * ReviewsApp.SPANS_PER_REQUEST;
        TransportFaultsTest.awaitTrue(() -> metrics.spansReported() - reportedBefore == finished
            && metrics.spansQueued() == 0 && metrics.spansSent() + metrics.spansDropped() == metrics.spansReported(),
            () -> fault + ": " + metrics);

        long sent = metrics.spansSent() - sentBefore;
        long sendFailed = metrics.spansDropped(DropCause.SEND_FAILED) - sendFailedBefore;
        long queueFull = metrics.spansDropped(DropCause.QUEUE_FULL) - queueFullBefore;
        Set<String> onTopic = new HashSet<>();
        Set<String> recoveredTraces = new HashSet<>(recovered.traceIds);
        try (KafkaSpanTopic topic = new KafkaSpanTopic(broker.bootstrapServers(), "zipkin")) {
          for (Span span : topic.awaitSpans((int) metrics.spansSent())) {
            onTopic.add(span.traceId() + "/" + span.id());
            recoveredTraces.remove(span.traceId());
          }
        }
        String phase = "Kafka, " + fault;
        assertThat(duringFault.errors).as(phase + ": application requests failed during the fault").hasValue(0);
        assertThat(recovered.errors).as(phase).hasValue(0);
        assertThat(recoveredTraces).as(phase + ": delivery resumed: traces after recovery on the topic").isEmpty();
        assertThat(maxHeld.get()).as(phase + ": spans held by the reporter at most")
            .isLessThanOrEqualTo(TransportFaultsTest.HELD_SPANS_BOUND);
        assertThat(sent + sendFailed + queueFull).as(phase + ": every finished span delivered or dropped with its "
            + "cause").isEqualTo(finished);
        assertThat((long) onTopic.size()).as(phase + ": every span counted as delivered (in all phases so far) is on "
            + "the topic").isGreaterThanOrEqualTo(metrics.spansSent());
        if (fault == Fault.NONE) {
          assertThat(sendFailed).as(phase + ": " + metrics + ", last failure " + metrics.lastSendFailure()).isZero();
        }
        // Whether the fault costs spans depends on timing (the producer's own retries may outlast a short outage):
        // what is asserted is that every span is accounted for, and that the fault happened.
        if (fault == Fault.KILLED_MID_RUN) assertThat(killed).as(phase + ": the broker was killed").isTrue();
        ROWS.add(List.of(fault.description, Integer.toString(duringFault.errors.get() + recovered.errors.get()),
            Long.toString(finished), Long.toString(sent), Long.toString(sendFailed), Long.toString(queueFull),
            Long.toString(maxHeld.get()), duringFault.percentileMillis(99)));
      }
    } finally {
      if (broker != null) broker.close();
    }
  }

  @Test
  void aBootstrapHostThatDoesNotResolveCostsOnlyCountedSpans() throws Exception {
    try (ConfigurableApplicationContext app = ReviewsApp.start(properties("broker.invalid:9092"))) {
      TransportFaultsTest.UnresolvedHostRun run = TransportFaultsTest.UnresolvedHostRun.of(app, "Kafka");
      ROWS.add(List.of("bootstrap host does not resolve", Integer.toString(run.load().errors.get()),
          Long.toString(run.finished()), "0", Long.toString(run.metrics().spansDropped(DropCause.SEND_FAILED)),
          Long.toString(run.metrics().spansDropped(DropCause.QUEUE_FULL)), Long.toString(run.maxHeld()),
          run.load().percentileMillis(99)));
    }
  }

  @AfterAll
  static void report() {
    Report.section("21-kafka-faults", "Kafka transport faults",
        "The Boot 4 service reports to a real Kafka broker (KRaft, `kafka_2.13` 4.1.1, a child JVM) through "
            + "zipkin-reporter's Kafka sender (`meshtrace.zipkin.sender=kafka`, `max.block.ms` and the request "
            + "timeout 3 s, delivery timeout 6 s); " + FAULT_REQUESTS + " requests at " + CONCURRENCY
            + " concurrent callers during the fault, then " + RECOVERED_REQUESTS + " after the broker is back. "
            + "Delivered is meshtrace's count; every span it counts as delivered was read back from the topic as "
            + "Zipkin's Kafka collector reads it; delivered + dropped = finished in every row; the traces after "
            + "recovery all reached the topic. Queue limit " + QUEUED_MAX_SPANS + " spans.",
        List.of("fault", "request errors", "spans finished", "delivered", "dropped: send failed",
            "dropped: queue full", "max held", "p99 during fault (ms)"),
        ROWS);
  }
}
