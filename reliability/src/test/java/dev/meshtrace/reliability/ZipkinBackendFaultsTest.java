package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reporting promise against a Zipkin collector that fails in each way a real one does: a Boot service with the
 * starter takes a burst of requests while the collector is down, erroring or hanging, then the collector recovers,
 * the reporter works off what the fault left queued, and a second burst follows. Whatever the fault, every request is answered, the queue never holds more than its
 * limit, every finished span is either delivered or dropped with a cause (and what meshtrace counts as delivered
 * is what the collector decoded), retries stay within their bound, and delivery resumes.
 */
class ZipkinBackendFaultsTest {
  static final int FAULT_REQUESTS = 200;
  static final int RECOVERED_REQUESTS = 50;
  static final int CONCURRENCY = 8;
  static final int QUEUED_MAX_SPANS = 150;
  static final int MESSAGE_MAX_BYTES = 16_384;
  /** Every span of this service encodes to more than this many bytes of JSON (IDs, names, five tags at least). */
  static final int SMALLEST_SPAN_BYTES = 250;
  /** What the reporter may hold: the queue, plus the one message in flight (or waiting for its retry). */
  static final int HELD_SPANS_BOUND = QUEUED_MAX_SPANS + MESSAGE_MAX_BYTES / SMALLEST_SPAN_BYTES;
  static final int MAX_ATTEMPTS = 3;
  static final List<List<String>> ROWS = new ArrayList<>();

  enum Fault {
    NONE("none", 202),
    DOWN_AT_STARTUP("collector down at startup, then up", 202),
    ERROR_500("answers 500", 500),
    UNAVAILABLE_503("answers 503 with Retry-After", 503),
    TOO_MANY_429("answers 429 with Retry-After", 429),
    BAD_REQUEST_400("answers 400 (not retried)", 400),
    NEVER_ANSWERS("accepts and never answers (read timeout)", 202);

    final String description;
    final int status;

    Fault(String description, int status) {
      this.description = description;
      this.status = status;
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyRequestIsAnsweredAndEverySpanDeliveredOrCounted(Fault fault) throws Exception {
    int port = freePort();
    StandInCollector collector = fault == Fault.DOWN_AT_STARTUP ? null : StandInCollector.start(port);
    if (collector != null) collector.answer(fault.status);
    if (fault == Fault.NEVER_ANSWERS) collector.holdPosts();
    Map<String, Object> properties = Map.of(
        "meshtrace.zipkin.endpoint", "http://127.0.0.1:" + port + "/api/v2/spans",
        "meshtrace.zipkin.flush-interval", "100ms",
        "meshtrace.zipkin.read-timeout", "500ms",
        "meshtrace.zipkin.queued-max-spans", QUEUED_MAX_SPANS,
        "meshtrace.zipkin.message-max-bytes", MESSAGE_MAX_BYTES,
        "meshtrace.zipkin.retry.max-attempts", MAX_ATTEMPTS,
        "meshtrace.zipkin.retry.initial-backoff", "50ms",
        "meshtrace.zipkin.retry.max-backoff", "200ms",
        "meshtrace.http.server.trace-response", true);
    try (ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
      int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      ReportingMetrics metrics = app.getBean(ZipkinSpanHandler.class).metrics();
      AtomicLong maxQueued = new AtomicLong();

      Load duringFault = Load.run(appPort, "/reviews/", FAULT_REQUESTS, CONCURRENCY,
          i -> maxQueued.accumulateAndGet(metrics.spansQueued(), Math::max));
      int heldWhenAnswered = collector == null ? 0 : collector.held();

      if (collector == null) {
        collector = StandInCollector.start(port);
      } else {
        collector.answer(202);
        collector.release();
      }
      StandInCollector backend = collector;
      // Delivery resumes: once what the fault left queued is sent or dropped, new spans reach the collector.
      awaitTrue(() -> metrics.spansQueued() == 0,
          () -> metrics + "; collector decoded " + backend.spansAccepted() + " spans in " + backend.posts() + " posts");
      Load recovered = Load.run(appPort, "/reviews/", RECOVERED_REQUESTS, CONCURRENCY,
          i -> maxQueued.accumulateAndGet(metrics.spansQueued(), Math::max));
      long finished = (long) (FAULT_REQUESTS + RECOVERED_REQUESTS) * ReviewsApp.SPANS_PER_REQUEST;
      awaitTrue(() -> metrics.spansReported() == finished && metrics.spansQueued() == 0
          && metrics.spansSent() + metrics.spansDropped() == finished
          && recovered.traceIds.stream().allMatch(backend::received),
          () -> metrics + "; collector decoded " + backend.spansAccepted() + " spans in " + backend.posts() + " posts");

      assertThat(duringFault.errors).as("application requests failed during the fault").hasValue(0);
      assertThat(recovered.errors).hasValue(0);
      if (fault == Fault.NEVER_ANSWERS) {
        assertThat(heldWhenAnswered).as("every request was answered while the collector held posts unanswered")
            .isPositive();
      }
      assertThat(maxQueued.get()).as("spans held by the reporter at most").isLessThanOrEqualTo(HELD_SPANS_BOUND);
      assertThat(metrics.spansSent()).as("what meshtrace counts as delivered is what the collector decoded")
          .isEqualTo(backend.spansAccepted());
      assertThat(recovered.traceIds).hasSize(RECOVERED_REQUESTS);
      long messages = metrics.messagesSent() + metrics.messagesFailed();
      assertThat(metrics.sendRetries()).as("retries within their bound")
          .isLessThanOrEqualTo(messages * (MAX_ATTEMPTS - 1));
      assertThat((long) backend.posts()).as("posts the collector received, against the attempts meshtrace made: no hidden "
          + "re-sends").isLessThanOrEqualTo(messages + metrics.sendRetries());
      if (fault == Fault.BAD_REQUEST_400) {
        assertThat(backend.answered(400)).as("a message answered 400 is not sent again (a connection failure may be)")
            .isEqualTo(metrics.messagesFailed());
      }
      if (fault == Fault.NONE) {
        // A healthy collector fails nothing; a burst beyond the small queue may still be shed (counted QUEUE_FULL).
        assertThat(metrics.spansDropped(DropCause.SEND_FAILED)).isZero();
        assertThat(metrics.messagesFailed()).isZero();
      }
      assertThat(metrics.spansDropped(DropCause.SEND_FAILED) + metrics.spansDropped(DropCause.QUEUE_FULL))
          .as("every drop has its cause").isEqualTo(metrics.spansDropped());

      ROWS.add(List.of(fault.description, Integer.toString(FAULT_REQUESTS + RECOVERED_REQUESTS),
          Integer.toString(duringFault.errors.get() + recovered.errors.get()), Long.toString(finished),
          Long.toString(metrics.spansSent()), Long.toString(metrics.spansDropped(DropCause.SEND_FAILED)),
          Long.toString(metrics.spansDropped(DropCause.QUEUE_FULL)), Long.toString(maxQueued.get()),
          Long.toString(metrics.sendRetries()), Integer.toString(backend.posts()),
          duringFault.percentileMillis(99)));
    } finally {
      if (collector != null) collector.close();
    }
  }

  @AfterAll
  static void report() {
    Report.section("20-zipkin-faults", "Zipkin collector faults",
        "A Boot 4 service (Tomcat, RestClient, the starter; three spans a request) takes " + FAULT_REQUESTS
            + " requests at " + CONCURRENCY + " concurrent callers during the fault, then " + RECOVERED_REQUESTS
            + " after the collector recovers. Queue limit " + QUEUED_MAX_SPANS + " spans, messages of at most "
            + MESSAGE_MAX_BYTES + " bytes, " + MAX_ATTEMPTS + " attempts a message; \"max held\" is the most "
            + "spans reported but not yet sent or dropped (queue plus the message in flight), bound "
            + HELD_SPANS_BOUND + ". Delivered is meshtrace's count and equals what the collector decoded; "
            + "delivered + dropped = finished in every row.",
        List.of("fault", "requests", "request errors", "spans finished", "delivered", "dropped: send failed",
            "dropped: queue full", "max held", "retries", "posts received", "p99 during fault (ms)"),
        ROWS);
  }

  static void awaitTrue(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not settled within 90 s: " + state.get());
      Thread.sleep(20);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
