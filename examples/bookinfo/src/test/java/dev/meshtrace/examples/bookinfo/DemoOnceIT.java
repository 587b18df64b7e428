package dev.meshtrace.examples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code java -jar bookinfo.jar --once} (and {@code --kafka --once}): the demo's output and its exit codes. */
class DemoOnceIT {
  @RegisterExtension
  static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  private static final Duration RUN = Duration.ofMinutes(4);
  private static final Pattern TRACE_LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/zipkin/traces/[0-9a-f]{32}");

  @Test
  void readmeCommandStartsZipkinAndPrintsThreeWholeTraces() throws InterruptedException {
    try (BookinfoJar demo = BookinfoJar.start("demo-complete", List.of("--once"))) {
      int exitCode = demo.awaitExit(RUN);
      String output = demo.output();

      assertThat(exitCode).as(output).isZero();
      assertThat(output).startsWith("Starting Zipkin on port ").contains(" ready in ")
          .as("no terminal escape codes when the output is not a terminal").doesNotContain("\u001b");
      assertThreeWholeTracesAndTheBrokenOne(output, 7, 5);
    }
  }

  @Test
  void kafkaSendsEverySpanThroughARealBrokerToZipkinsKafkaCollector() throws InterruptedException {
    try (BookinfoJar demo = BookinfoJar.start("demo-kafka", List.of("--once", "--kafka"))) {
      int exitCode = demo.awaitExit(RUN);
      String output = demo.output();

      assertThat(exitCode).as(output).isZero();
      assertThat(output).startsWith("Starting Kafka (KRaft) on port ").contains("Starting Zipkin on port ")
          .containsPattern("Their spans go to the Kafka topic zipkin at 127\\.0\\.0\\.1:\\d+, which Zipkin's Kafka "
              + "collector reads\\.");
      assertThreeWholeTracesAndTheBrokenOne(output, 11, 9);
      assertThat(output).as("the product view's hop through Kafka, in each trace")
          .containsPattern("    productpage +producer +send product-views +\\|")
          .containsPattern("      reviews +consumer +process product-views +\\|")
          .containsPattern("        reviews +client +get /details/0 +\\|")
          .containsPattern("          details +server +get /details/\\{id\\} +\\|");
    }
  }

  /**
   * Traces 1 to 3 and 5 whole ({@code spans} each), 4 broken on purpose ({@code brokenSpans}) with reviews'
   * diagnostics naming its call.
   */
  static void assertThreeWholeTracesAndTheBrokenOne(String output, int spans, int brokenSpans) {
    assertThat(output.split(spans + " of " + spans + " spans, 4 of 4 services: complete", -1)).as(output)
        .hasSize(5);
    assertThat(TRACE_LINK.matcher(output).results().count()).isEqualTo(5);
    assertThat(output).contains("Trace 1: x-request-id and B3 headers, as an Envoy sidecar sends them")
        .contains("Trace 2: W3C traceparent only")
        .contains("Trace 3: no trace headers")
        .contains("Trace 4: broken on purpose: reviews calls ratings from an unwrapped executor")
        .contains(brokenSpans + " of " + spans + " spans, 3 of 4 services: broken on purpose (ratings' spans are in a "
            + "trace of their own)")
        .contains("  reviews' tracing.diagnostics(): orphan call GET ")
        .contains("    at dev.meshtrace.examples.bookinfo.reviews.RatingsClient.starsByReviewer(RatingsClient.java:")
        .contains("    in the task dev.meshtrace.examples.bookinfo.reviews.ReviewsController.lambda$reviews$")
        .contains("    on thread reviews-ratings-worker (pooled)")
        .contains("    fix: wrap the executor with tracing.currentTraceContext().executorService(...)")
        .as("reviews' WARN line").contains("(jdk-httpclient) made with no trace context at "
            + "dev.meshtrace.examples.bookinfo.reviews.RatingsClient.starsByReviewer(")
        .contains("Trace 5: fixed: the same executor wrapped with executorService(...)")
        .containsPattern("      ratings +server +get /ratings/\\{id\\} +\\|");
  }

  @Test
  void traceMissingAServiceExitsOne() throws InterruptedException {
    String deadRatings = "http://127.0.0.1:" + BookinfoJar.freePort();
    try (BookinfoJar demo = BookinfoJar.start("demo-incomplete", List.of("--once",
        "--meshtrace.zipkin.endpoint=" + zipkin.server().spansEndpoint(), "--bookinfo.ratings-url=" + deadRatings))) {
      int exitCode = demo.awaitExit(RUN);
      String output = demo.output();

      assertThat(exitCode).as(output).isEqualTo(1);
      assertThat(output).contains("HTTP 200").contains("degraded: Ratings service is currently unavailable")
          .contains("6 of 7 spans, 3 of 4 services: INCOMPLETE")
          .containsPattern("reviews  client  get /ratings/0 .*  error: \\S");
    }
  }

  @Test
  void unreachableZipkinFallsBackToTheLogAndExitsTwo() throws InterruptedException {
    String deadZipkin = "http://127.0.0.1:" + BookinfoJar.freePort();
    try (BookinfoJar demo = BookinfoJar.start("demo-no-zipkin",
        List.of("--once", "--meshtrace.zipkin.endpoint=" + deadZipkin + "/api/v2/spans"))) {
      int exitCode = demo.awaitExit(RUN);
      String output = demo.output();

      assertThat(exitCode).as(output).isEqualTo(2);
      assertThat(output).contains("Zipkin is not available: no healthy Zipkin answers at " + deadZipkin)
          .contains("Falling back: each service prints its spans to the log instead.")
          .contains("HTTP 200")
          .contains("LoggingSpanHandler");
    }
  }

  @Test
  void unknownServiceExitsTwoNamingTheProperty() throws InterruptedException {
    try (BookinfoJar service = BookinfoJar.start("unknown-service", List.of("--bookinfo.service=catalog"))) {
      assertThat(service.awaitExit(Duration.ofMinutes(1))).isEqualTo(2);
      assertThat(service.output()).contains(
          "bookinfo.service must be one of [productpage, details, reviews, ratings], was 'catalog'");
    }
  }

  @Test
  void missingDownstreamUrlFailsStartupNamingTheProperty() throws InterruptedException {
    try (BookinfoJar service = BookinfoJar.start("reviews-without-ratings",
        List.of("--bookinfo.service=reviews", "--server.port=0"))) {
      assertThat(service.awaitExit(Duration.ofMinutes(2))).isNotZero();
      assertThat(service.output()).contains("bookinfo.ratings-url is required");
    }
  }
}
