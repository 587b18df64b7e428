package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reliability.TransportFaultsTest.Transport;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.reporting.ReportingSpanHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutdown with spans still queued (a flush interval of an hour keeps them there), for every transport, with the
 * backend up, hanging or down: closing the application context returns (with the backend hanging, while it still
 * holds the export: close does not wait for it), every span is then delivered or counted with its cause, what the
 * backend decoded is what was counted as delivered, and no thread of meshtrace's is left running.
 */
class ShutdownTest {
  static final int REQUESTS = 20;
  static final String CLOSE_TIMEOUT = "2s";
  static final List<List<String>> ROWS = new ArrayList<>();

  enum Backend {
    UP("up"),
    HANGING("accepts and never answers"),
    DOWN("down");

    final String description;

    Backend(String description) {
      this.description = description;
    }
  }

  static Stream<Arguments> cases() {
    return Arrays.stream(Transport.values())
        .flatMap(transport -> Arrays.stream(Backend.values()).map(backend -> Arguments.of(transport, backend)));
  }

  @ParameterizedTest(name = "{0}, backend {1}")
  @MethodSource("cases")
  void closeReturnsWithEverySpanDeliveredOrCountedAndNoThreadLeft(Transport transport, Backend state)
      throws Exception {
    int port = TransportFaultsTest.freePort();
    Tally tally = new Tally();
    Collector backend = state == Backend.DOWN ? null : transport.start(port, tally);
    try {
      if (state == Backend.HANGING) backend.holdExports();
      Map<String, Object> properties = transport.properties("127.0.0.1", port);
      String prefix = transport == Transport.ZIPKIN_JSON || transport == Transport.ZIPKIN_PROTO3
          ? "meshtrace.zipkin." : "meshtrace.otlp.";
      properties.put(prefix + "flush-interval", "1h");
      properties.put(prefix + "close-timeout", CLOSE_TIMEOUT);
      ReportingMetrics metrics;
      long closeMillis;
      long finished = (long) REQUESTS * ReviewsApp.SPANS_PER_REQUEST;
      try (ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
        int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        metrics = app.getBean(ReportingSpanHandler.class).metrics();
        Load load = Load.run(appPort, "/reviews/", REQUESTS, 4, i -> { });
        assertThat(load.errors).hasValue(0);
        TransportFaultsTest.awaitTrue(() -> metrics.spansReported() == finished, metrics::toString);
        long start = System.nanoTime();
        app.close();
        closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      String name = transport + ", backend " + state;
      if (state == Backend.HANGING) {
        assertThat(tally.held()).as(name + ": close returned while the backend still held an export").isPositive();
      }
      assertThat(metrics.spansQueued()).as(name).isZero();
      assertThat(metrics.spansSent() + metrics.spansDropped()).as(name + ": every span delivered or dropped")
          .isEqualTo(finished);
      assertThat(metrics.spansDropped(DropCause.CLOSED) + metrics.spansDropped(DropCause.SEND_FAILED))
          .as(name + ": every drop has its cause").isEqualTo(metrics.spansDropped());
      assertThat(metrics.spansSent()).as(name + ": what was counted delivered is what the backend decoded")
          .isEqualTo(tally.spansAccepted());
      if (state == Backend.UP) {
        assertThat(metrics.spansSent()).as(name + ": the queued spans were delivered at close").isEqualTo(finished);
      } else {
        assertThat(metrics.spansSent()).as(name).isZero();
      }
      List<String> left = meshtraceThreadsAfter(TimeUnit.SECONDS.toNanos(30));
      assertThat(left).as(name + ": meshtrace threads still running after close").isEmpty();
      ROWS.add(List.of(transport.description, state.description, Long.toString(finished),
          Long.toString(metrics.spansSent()), Long.toString(metrics.spansDropped(DropCause.CLOSED)),
          Long.toString(metrics.spansDropped(DropCause.SEND_FAILED)), Long.toString(closeMillis),
          Integer.toString(left.size())));
    } finally {
      if (backend != null) backend.close();
    }
  }

  /**
   * The names of meshtrace's threads (its reporter threads, named {@code AsyncReporter{<endpoint>}} by
   * zipkin-reporter, and a close that gave up on a hanging backend and stops the reporter in the background) still alive when they have had {@code graceNanos} to end, with their stacks.
   */
  static List<String> meshtraceThreadsAfter(long graceNanos) throws InterruptedException {
    long deadline = System.nanoTime() + graceNanos;
    while (true) {
      List<String> alive = Thread.getAllStackTraces().entrySet().stream()
          .filter(thread -> thread.getKey().isAlive() && (thread.getKey().getName().startsWith("meshtrace-")
              || thread.getKey().getName().startsWith("AsyncReporter{")))
          .map(thread -> thread.getKey().getName() + " at " + Arrays.toString(thread.getValue())).toList();
      if (alive.isEmpty() || System.nanoTime() > deadline) return alive;
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void report() {
    Report.section("22-shutdown", "Shutdown with spans queued",
        "The Boot 4 service takes " + REQUESTS + " requests with a flush interval of an hour (so their spans are "
            + "still queued), then its application context is closed, with a close timeout of " + CLOSE_TIMEOUT
            + " and the backend up, hanging (it holds every export unanswered; close returned while it still held "
            + "one) or down. Delivered equals what the backend decoded; delivered + dropped = finished; \"threads "
            + "left\" counts meshtrace's threads still running 30 s after close. \"Close took\" is reported, not "
            + "asserted (timing belongs in benchmarks).",
        List.of("transport", "backend", "spans finished", "delivered", "dropped: closed", "dropped: send failed",
            "close took (ms)", "threads left"),
        ROWS);
  }
}
