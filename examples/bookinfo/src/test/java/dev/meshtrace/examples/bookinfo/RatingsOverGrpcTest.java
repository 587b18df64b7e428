package dev.meshtrace.examples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code reviews} calling {@code ratings} over gRPC: the stars arrive, and the trace and request ID go through. */
class RatingsOverGrpcTest {
  static final String TRACE_ID = "5af7183fb1d4cf5f8000042207934360";
  static final String REQUEST_ID = "d99807f5-c7fd-4f57-8e6b-115126a0d6b6";

  private static final RunningServices services = new RunningServices();
  private static ConfigurableApplicationContext ratings;
  private static ConfigurableApplicationContext reviews;

  @BeforeAll
  static void start() {
    ratings = services.startContext(BookinfoService.RATINGS,
        Map.of("meshtrace.in-memory-collector.enabled", "true", "bookinfo.ratings.grpc-port", "0",
            "server.address", "127.0.0.1"));
    reviews = services.startContext(BookinfoService.REVIEWS, Map.of("meshtrace.in-memory-collector.enabled", "true",
        "bookinfo.ratings-grpc-target", "127.0.0.1:" + ratings.getEnvironment().getProperty("local.grpc.port")));
  }

  @AfterAll
  static void stop() {
    services.close();
  }

  @Test
  void theStarsComeOverGrpcInTheCallersTrace() throws Exception {
    String reviewsUrl = "http://127.0.0.1:" + reviews.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(reviewsUrl + "/reviews/1")).timeout(Duration.ofSeconds(30))
            .header("x-request-id", REQUEST_ID).header("x-b3-traceid", TRACE_ID)
            .header("x-b3-spanid", "b7f0d56eb48b8782").header("x-b3-sampled", "1").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode first = new ObjectMapper().readTree(response.body()).get("reviews").get(0);
    assertThat(first.get("rating").get("stars").asInt()).isEqualTo(5);
    MutableSpan client = reviews.getBean(InMemorySpanCollector.class)
        .spans(s -> s.kind() == SpanKind.CLIENT).stream().findFirst().orElseThrow();
    MutableSpan server = ratings.getBean(InMemorySpanCollector.class)
        .awaitSpans(1, Duration.ofSeconds(10)).stream().filter(s -> s.kind() == SpanKind.SERVER).findFirst()
        .orElseThrow();
    assertThat(client.name()).isEqualTo("bookinfo.Ratings/GetRatings");
    assertThat(server.name()).isEqualTo("bookinfo.Ratings/GetRatings");
    assertThat(client.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentId()).isEqualTo(client.spanId());
    assertThat(server.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(server.tag("rpc.grpc.status_code")).isEqualTo("0");
  }
}
