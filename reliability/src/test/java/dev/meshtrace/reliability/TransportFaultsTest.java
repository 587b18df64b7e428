package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.reporting.ReportingSpanHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reporting promise over every transport, against a backend that fails in each way a real one does. For each
 * transport one Boot service with the starter lives through every fault in turn: a burst of requests while the
 * backend is down, erroring, hanging, resetting connections or killed half-way; then the backend recovers, the
 * reporter works off what the fault left, and a second burst follows. Whatever the fault, every request is answered,
 * the reporter never holds more than its limit, every finished span is either delivered or dropped with a cause
 * (and what meshtrace counts as delivered is what the backend decoded), retries stay within their bound, and
 * delivery resumes. A host name that does not resolve costs nothing but counted spans.
 */
class TransportFaultsTest {
  static final int FAULT_REQUESTS = 100;
  static final int RECOVERED_REQUESTS = 25;
  static final int CONCURRENCY = 8;
  static final int QUEUED_MAX_SPANS = 150;
  static final int MESSAGE_MAX_BYTES = 16_384;
  /** Every span of this service encodes to more than this many bytes in every format (IDs, names, five tags). */
  static final int SMALLEST_SPAN_BYTES = 250;
  /** What the reporter may hold: the queue, plus the one message in flight (or waiting for its retry). */
  static final int HELD_SPANS_BOUND = QUEUED_MAX_SPANS + MESSAGE_MAX_BYTES / SMALLEST_SPAN_BYTES;
  static final int MAX_ATTEMPTS = 3;
  /** How long one export may take: long enough for a backend on a loaded machine, short for a hung one. */
  static final String TIMEOUT = "5s";
  static final List<List<String>> ROWS = new ArrayList<>();

  enum Transport {
    ZIPKIN_JSON("Zipkin HTTP, JSON"),
    ZIPKIN_PROTO3("Zipkin HTTP, proto3"),
    OTLP_HTTP("OTLP/HTTP, protobuf"),
    OTLP_GRPC("OTLP/gRPC");

    final String description;

    Transport(String description) {
      this.description = description;
    }

    Map<String, Object> properties(String host, int port) {
      Map<String, Object> properties = new HashMap<>();
      properties.put("meshtrace.http.server.trace-response", true);
      String prefix = this == ZIPKIN_JSON || this == ZIPKIN_PROTO3 ? "meshtrace.zipkin." : "meshtrace.otlp.";
      switch (this) {
        case ZIPKIN_JSON, ZIPKIN_PROTO3 -> {
          properties.put(prefix + "endpoint", "http://" + host + ":" + port + "/api/v2/spans");
          properties.put(prefix + "encoding", this == ZIPKIN_JSON ? "json" : "proto3");
          properties.put(prefix + "read-timeout", TIMEOUT);
        }
        default -> {
          properties.put("meshtrace.zipkin.enabled", false);
          properties.put(prefix + "endpoint", "http://" + host + ":" + port + (this == OTLP_HTTP ? "/v1/traces" : ""));
          properties.put(prefix + "protocol", this == OTLP_HTTP ? "http/protobuf" : "grpc");
          properties.put(prefix + "timeout", TIMEOUT);
        }
      }
      properties.put(prefix + "flush-interval", "100ms");
      properties.put(prefix + "queued-max-spans", QUEUED_MAX_SPANS);
      properties.put(prefix + "message-max-bytes", MESSAGE_MAX_BYTES);
      properties.put(prefix + "retry.max-attempts", MAX_ATTEMPTS);
      properties.put(prefix + "retry.initial-backoff", "50ms");
      properties.put(prefix + "retry.max-backoff", "200ms");
      return properties;
    }

    Collector start(int port, Tally tally) {
      return this == OTLP_GRPC ? StandInGrpcCollector.start(port, tally) : StandInCollector.start(port, tally);
    }
  }

  /** The faults in the order one service lives through them; the first is how it starts. */
  enum Fault {
    DOWN_AT_STARTUP("down at startup, then up", 202),
    NONE("none", 202),
    ERROR_500("answers 500 (gRPC: INTERNAL)", 500),
    UNAVAILABLE_503("answers 503 with Retry-After (gRPC: UNAVAILABLE)", 503),
    TOO_MANY_429("answers 429 with Retry-After (gRPC: RESOURCE_EXHAUSTED with RetryInfo)", 429),
    BAD_REQUEST_400("answers 400, not retried (gRPC: INVALID_ARGUMENT)", 400),
    NEVER_ANSWERS("accepts and never answers (timeout)", 202),
    CONNECTIONS_RESET("resets every connection", 202),
    KILLED_MID_RUN("killed half-way, restarted after the burst", 202);

    final String description;
    final int status;

    Fault(String description, int status) {
      this.description = description;
      this.status = status;
    }
  }

  /** Counts before a phase, so that each phase is judged by what changed during it. */
  private record Before(long reported, long sent, long dropped, long sendFailed, long queueFull, long retries,
      long messages, long messagesFailed, long accepted, int exports, int answered400) {
    static Before of(ReportingMetrics metrics, Tally tally) {
      return new Before(metrics.spansReported(), metrics.spansSent(), metrics.spansDropped(),
          metrics.spansDropped(DropCause.SEND_FAILED), metrics.spansDropped(DropCause.QUEUE_FULL),
          metrics.sendRetries(), metrics.messagesSent() + metrics.messagesFailed(), metrics.messagesFailed(),
          tally.spansAccepted(), tally.exports(), tally.answeredWith(400));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyRequestIsAnsweredAndEverySpanDeliveredOrCounted(Transport transport) throws Exception {
    int port = freePort();
    Tally tally = new Tally();
    Collector[] backend = new Collector[1]; // none: down at startup
    try (ConfigurableApplicationContext app = ReviewsApp.start(transport.properties("127.0.0.1", port))) {
      int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      ReportingMetrics metrics = app.getBean(ReportingSpanHandler.class).metrics();
      for (Fault fault : Fault.values()) {
        Before before = Before.of(metrics, tally);
        AtomicLong maxHeld = new AtomicLong();
        ResettingListener resetter = null;
        switch (fault) {
          case DOWN_AT_STARTUP, NONE, KILLED_MID_RUN -> { }
          case NEVER_ANSWERS -> backend[0].holdExports();
          case CONNECTIONS_RESET -> {
            backend[0].close();
            backend[0] = null;
            resetter = ResettingListener.start(port);
          }
          default -> backend[0].answer(fault.status);
        }
        AtomicBoolean killed = new AtomicBoolean();
        Load duringFault = Load.run(appPort, "/reviews/", FAULT_REQUESTS, CONCURRENCY, i -> {
          maxHeld.accumulateAndGet(metrics.spansQueued(), Math::max);
          if (fault == Fault.KILLED_MID_RUN && i >= FAULT_REQUESTS / 2 && killed.compareAndSet(false, true)) {
            backend[0].close();
          }
        });
        int heldWhenAnswered = tally.held();
        if (resetter != null) resetter.close();
        if (backend[0] == null || killed.get()) {
          backend[0] = transport.start(port, tally);
        } else {
          backend[0].answer(202);
          backend[0].release();
        }
        // Delivery resumes: once what the fault left is sent or dropped, new spans reach the backend.
        awaitTrue(() -> metrics.spansQueued() == 0, () -> transport + " " + fault + ": " + metrics);
        Load recovered = Load.run(appPort, "/reviews/", RECOVERED_REQUESTS, CONCURRENCY,
            i -> maxHeld.accumulateAndGet(metrics.spansQueued(), Math::max));
        long finished = (long) (FAULT_REQUESTS + RECOVERED_REQUESTS) * ReviewsApp.SPANS_PER_REQUEST;
        awaitTrue(() -> metrics.spansReported() - before.reported() == finished && metrics.spansQueued() == 0
            && metrics.spansSent() + metrics.spansDropped() == metrics.spansReported()
            && recovered.traceIds.stream().allMatch(tally::received),
            () -> transport + " " + fault + ": " + metrics + "; backend decoded " + tally.spansAccepted());

        String phase = transport + ", " + fault;
        long sent = metrics.spansSent() - before.sent();
        long sendFailed = metrics.spansDropped(DropCause.SEND_FAILED) - before.sendFailed();
        long queueFull = metrics.spansDropped(DropCause.QUEUE_FULL) - before.queueFull();
        long retries = metrics.sendRetries() - before.retries();
        long messages = metrics.messagesSent() + metrics.messagesFailed() - before.messages();
        int exports = tally.exports() - before.exports();
        assertThat(duringFault.errors).as(phase + ": application requests failed during the fault").hasValue(0);
        assertThat(recovered.errors).as(phase).hasValue(0);
        assertThat(recovered.traceIds).as(phase).hasSize(RECOVERED_REQUESTS);
        assertThat(maxHeld.get()).as(phase + ": spans held by the reporter at most")
            .isLessThanOrEqualTo(HELD_SPANS_BOUND);
        long accepted = tally.spansAccepted() - before.accepted();
        if (fault == Fault.KILLED_MID_RUN) {
          // A backend killed after processing a message but before answering keeps spans meshtrace counts as failed.
          assertThat(accepted).as(phase + ": every span counted as delivered arrived; more only from a message "
              + "counted as failed").isBetween(sent, sent + sendFailed);
        } else {
          assertThat(sent).as(phase + ": what meshtrace counts as delivered is what the backend decoded")
              .isEqualTo(accepted);
        }
        assertThat(sent + sendFailed + queueFull).as(phase + ": every finished span delivered or dropped with "
            + "its cause").isEqualTo(finished);
        assertThat(metrics.spansDropped() - before.dropped()).as(phase).isEqualTo(sendFailed + queueFull);
        assertThat(retries).as(phase + ": retries within their bound").isLessThanOrEqualTo(messages * (MAX_ATTEMPTS - 1));
        assertThat((long) exports).as(phase + ": exports the backend received, against the attempts meshtrace "
            + "made: no hidden re-sends").isLessThanOrEqualTo(messages + retries);
        switch (fault) {
          case NONE -> {
            // A healthy backend fails nothing; a burst beyond the small queue may still be shed (QUEUE_FULL).
            assertThat(sendFailed).as(phase).isZero();
            assertThat(metrics.messagesFailed() - before.messagesFailed()).as(phase).isZero();
          }
          case BAD_REQUEST_400 -> assertThat(tally.answeredWith(400) - before.answered400())
              .as(phase + ": a message refused as bad is not sent again")
              .isEqualTo(metrics.messagesFailed() - before.messagesFailed());
          case NEVER_ANSWERS -> assertThat(heldWhenAnswered)
              .as(phase + ": every request was answered while the backend held exports unanswered").isPositive();
          case CONNECTIONS_RESET -> assertThat(resetter.resets()).as(phase + ": connections were reset").isPositive();
          case KILLED_MID_RUN -> assertThat(killed).as(phase).isTrue();
          default -> assertThat(sendFailed + queueFull).as(phase + ": the fault cost spans").isPositive();
        }
        ROWS.add(List.of(transport.description, fault.description,
            Integer.toString(duringFault.errors.get() + recovered.errors.get()), Long.toString(finished),
            Long.toString(sent), Long.toString(accepted), Long.toString(sendFailed), Long.toString(queueFull),
            Long.toString(maxHeld.get()), Long.toString(retries), Integer.toString(exports),
            duringFault.percentileMillis(99)));
      }
    } finally {
      if (backend[0] != null) backend[0].close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aHostNameThatDoesNotResolveCostsOnlyCountedSpans(Transport transport) throws Exception {
    try (ConfigurableApplicationContext app = ReviewsApp.start(
        transport.properties("collector.invalid", freePort()))) {
      UnresolvedHostRun run = UnresolvedHostRun.of(app, transport.toString());
      assertThat(run.metrics.lastSendFailure()).as(transport + ": the failure names the host")
          .hasStackTraceContaining("collector.invalid");
      ROWS.add(List.of(transport.description, "host name does not resolve", Integer.toString(run.load.errors.get()),
          Long.toString(run.finished), "0", "0", Long.toString(run.metrics.spansDropped(DropCause.SEND_FAILED)),
          Long.toString(run.metrics.spansDropped(DropCause.QUEUE_FULL)), Long.toString(run.maxHeld),
          Long.toString(run.metrics.sendRetries()), "0", run.load.percentileMillis(99)));
    }
  }

  /**
   * {@link #FAULT_REQUESTS} requests into {@code app}, whose backend's host name does not resolve: no request fails,
   * every finished span is dropped with its cause, and the reporter holds at most {@link #HELD_SPANS_BOUND}.
   */
  record UnresolvedHostRun(Load load, ReportingMetrics metrics, long finished, long maxHeld) {
    static UnresolvedHostRun of(ConfigurableApplicationContext app, String label) throws Exception {
      int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      ReportingMetrics metrics = app.getBean(ReportingSpanHandler.class).metrics();
      AtomicLong maxHeld = new AtomicLong();
      Load load = Load.run(appPort, "/reviews/", FAULT_REQUESTS, CONCURRENCY,
          i -> maxHeld.accumulateAndGet(metrics.spansQueued(), Math::max));
      long finished = (long) FAULT_REQUESTS * ReviewsApp.SPANS_PER_REQUEST;
      awaitTrue(() -> metrics.spansReported() == finished && metrics.spansQueued() == 0
          && metrics.spansDropped() == finished, () -> label + ": " + metrics);

      assertThat(load.errors).as(label + ": application requests failed").hasValue(0);
      assertThat(metrics.spansSent()).isZero();
      assertThat(metrics.spansDropped(DropCause.SEND_FAILED) + metrics.spansDropped(DropCause.QUEUE_FULL))
          .as(label + ": every drop has its cause").isEqualTo(finished);
      assertThat(maxHeld.get()).as(label).isLessThanOrEqualTo(HELD_SPANS_BOUND);
      return new UnresolvedHostRun(load, metrics, finished, maxHeld.get());
    }
  }

  @AfterAll
  static void report() {
    Report.section("20-transport-faults", "Backend faults, every transport",
        "For each transport one Boot 4 service (Tomcat, RestClient, the starter; three spans a request) lives "
            + "through every fault in turn: " + FAULT_REQUESTS + " requests at " + CONCURRENCY + " concurrent "
            + "callers during the fault, then " + RECOVERED_REQUESTS + " after the backend recovers (the "
            + "unresolvable host never does: a service of its own). Backends: an HTTP stand-in decoding with "
            + "Zipkin's decoders and the official OTLP classes, and a real grpc-java `TraceService`. Queue limit "
            + QUEUED_MAX_SPANS + " spans, messages of at most " + MESSAGE_MAX_BYTES + " bytes, " + MAX_ATTEMPTS
            + " attempts a message, " + TIMEOUT + " timeout; \"max held\" is the most spans reported but not yet sent or "
            + "dropped (queue plus the message in flight), bound " + HELD_SPANS_BOUND + ". Delivered is "
            + "meshtrace's count and equals the distinct spans the backend decoded, except where the backend was "
            + "killed: a message it processed but did not answer is counted as failed, its spans decoded all the "
            + "same. Delivered + dropped = finished in every row. "
            + "Latency is reported, not asserted (timing belongs in benchmarks).",
        List.of("transport", "fault", "request errors", "spans finished", "delivered", "backend decoded",
            "dropped: send failed",
            "dropped: queue full", "max held", "retries", "exports received", "p99 during fault (ms)"),
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
