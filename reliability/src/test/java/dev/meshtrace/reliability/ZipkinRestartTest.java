package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.testing.ZipkinServer;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real Zipkin server killed in the middle of a run and started again on the same port: requests keep being
 * answered, the spans finished while it was down are sent when it is back (within the retry budget) or counted,
 * and the spans finished afterwards are all stored.
 */
class ZipkinRestartTest {
  static final int REQUESTS = 100;

  @Test
  void spansFlowAgainAfterTheCollectorRestarts() throws Exception {
    ZipkinServer zipkin = ZipkinServer.start();
    int zipkinPort = zipkin.baseUrl().getPort();
    Map<String, Object> properties = Map.of(
        "meshtrace.zipkin.endpoint", zipkin.spansEndpoint(),
        "meshtrace.zipkin.flush-interval", "100ms",
        "meshtrace.http.server.trace-response", true);
    try (ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      ReportingMetrics metrics = app.getBean(ZipkinSpanHandler.class).metrics();

      Load before = Load.run(port, "/reviews/", REQUESTS, 4, i -> { });
      TransportFaultsTest.awaitTrue(() -> metrics.spansQueued() == 0, metrics::toString);
      long sentBefore = metrics.spansSent();
      zipkin.close();
      Load whileDown = Load.run(port, "/reviews/", REQUESTS, 4, i -> { });
      zipkin = ZipkinServer.start(zipkinPort);
      TransportFaultsTest.awaitTrue(() -> metrics.spansQueued() == 0, metrics::toString);
      Load after = Load.run(port, "/reviews/", REQUESTS, 4, i -> { });
      TransportFaultsTest.awaitTrue(() -> metrics.spansQueued() == 0, metrics::toString);

      assertThat(before.errors.get() + whileDown.errors.get() + after.errors.get()).isZero();
      long finished = 3L * REQUESTS * ReviewsApp.SPANS_PER_REQUEST;
      assertThat(metrics.spansReported()).isEqualTo(finished);
      assertThat(metrics.spansSent() + metrics.spansDropped()).isEqualTo(finished);
      assertThat(sentBefore).isEqualTo((long) REQUESTS * ReviewsApp.SPANS_PER_REQUEST);
      ZipkinServer restarted = zipkin;
      for (String traceId : after.traceIds) {
        assertThat(restarted.api().awaitTrace(traceId, ReviewsApp.SPANS_PER_REQUEST, java.time.Duration.ofSeconds(60)))
            .hasSize(ReviewsApp.SPANS_PER_REQUEST);
      }
      long outageSpans = (long) REQUESTS * ReviewsApp.SPANS_PER_REQUEST;
      long outageDelivered = metrics.spansSent() - sentBefore - outageSpans;
      Report.section("25-zipkin-restart", "Zipkin server restart",
          "The real Zipkin server (" + "zipkin-server exec, a child process) killed after " + REQUESTS
              + " requests and started again on its port after " + REQUESTS + " more; then " + REQUESTS
              + " requests after it is back. Default retry settings (5 attempts, 1 s to 5 s backoff).",
          List.of("phase", "requests", "request errors", "spans finished", "outcome"),
          List.of(List.of("before", Integer.toString(REQUESTS), Integer.toString(before.errors.get()),
                  Long.toString(outageSpans), sentBefore + " delivered"),
              List.of("while down, then restarted", Integer.toString(REQUESTS),
                  Integer.toString(whileDown.errors.get()), Long.toString(outageSpans),
                  outageDelivered + " delivered after the restart, " + metrics.spansDropped() + " dropped"),
              List.of("after", Integer.toString(REQUESTS), Integer.toString(after.errors.get()),
                  Long.toString(outageSpans), "all " + after.traceIds.size() + " traces complete in Zipkin")));
    } finally {
      zipkin.close();
    }
  }
}
