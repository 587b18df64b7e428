package dev.meshtrace.examples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.testing.ZipkinServer;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Span;

/**
 * The mesh as it is deployed: each service its own process from {@code bookinfo.jar}, configured only on the
 * command line, reporting to the real Zipkin. Requests arrive as an Envoy sidecar (or an OpenTelemetry caller) sends
 * them, and the trace is read back from Zipkin's API.
 */
class BookinfoMeshIT {
  @RegisterExtension
  static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  /** The headers ratings records as tags, so the test can see exactly what reached it. */
  private static final List<String> TRACE_HEADERS = List.of("x-request-id", "x-b3-traceid", "x-b3-spanid",
      "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "b3", "traceparent", "tracestate");
  private static final String TAG_PREFIX = "http.request.header.";
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private static final Map<BookinfoService, BookinfoJar> processes = new EnumMap<>(BookinfoService.class);
  private static final Map<BookinfoService, Integer> ports = new EnumMap<>(BookinfoService.class);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startServices() throws InterruptedException {
    ZipkinServer server = zipkin.server();
    for (BookinfoService service : BookinfoService.values()) ports.put(service, BookinfoJar.freePort());
    for (BookinfoService service : BookinfoService.values()) {
      List<String> args = new ArrayList<>(List.of(
          "--bookinfo.service=" + service.serviceName(),
          "--server.port=" + ports.get(service),
          "--server.address=127.0.0.1",
          "--bookinfo.details-url=" + url(BookinfoService.DETAILS),
          "--bookinfo.reviews-url=" + url(BookinfoService.REVIEWS),
          "--bookinfo.ratings-url=" + url(BookinfoService.RATINGS),
          "--meshtrace.zipkin.endpoint=" + server.spansEndpoint(),
          "--meshtrace.http.tags.request-headers=" + String.join(",", TRACE_HEADERS)));
      processes.put(service, BookinfoJar.start("mesh-" + service.serviceName(), args));
    }
    for (BookinfoService service : BookinfoService.values()) {
      processes.get(service).awaitListening(ports.get(service), STARTUP);
    }
  }

  @AfterAll
  static void stopServices() {
    processes.values().forEach(BookinfoJar::close);
  }

  @Test
  void envoyStyleRequestMakesOneWholeTraceInZipkin() throws Exception {
    String requestId = UUID.randomUUID().toString();
    String traceId = "5af7183fb1d4cf5f" + Long.toHexString(System.nanoTime() | Long.MIN_VALUE);
    String envoySpanId = "a2fb4a1d1a96d312";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-request-id", requestId);
    headers.put("x-b3-traceid", traceId);
    headers.put("x-b3-spanid", envoySpanId);
    headers.put("x-b3-parentspanid", "0020000000000001");
    headers.put("x-b3-sampled", "1");

    JsonNode page = productPage(headers);

    assertThat(page.findValues("error")).as("nothing degraded").isEmpty();
    assertThat(page.get("reviews").get("reviews").get(0).get("rating").get("stars").asInt()).isEqualTo(5);

    List<Span> spans = zipkin.server().api().awaitTrace(traceId, 7, Duration.ofSeconds(30));
    Trace trace = new Trace(spans);
    assertThat(spans).as("one trace").extracting(Span::traceId).containsOnly(traceId);
    assertThat(spans).as("a server span per service, a client span per call").hasSize(7);

    Span productPage = trace.server("productpage");
    Span toDetails = trace.client("productpage", "/details/0");
    Span details = trace.server("details");
    Span toReviews = trace.client("productpage", "/reviews/0");
    Span reviews = trace.server("reviews");
    Span toRatings = trace.client("reviews", "/ratings/0");
    Span ratings = trace.server("ratings");

    assertThat(productPage.parentId()).as("the sidecar's span is the root's parent").isEqualTo(envoySpanId);
    assertThat(toDetails.parentId()).isEqualTo(productPage.id());
    assertThat(details.parentId()).isEqualTo(toDetails.id());
    assertThat(toReviews.parentId()).isEqualTo(productPage.id());
    assertThat(reviews.parentId()).isEqualTo(toReviews.id());
    assertThat(toRatings.parentId()).isEqualTo(reviews.id());
    assertThat(ratings.parentId()).isEqualTo(toRatings.id());

    for (Span server : List.of(productPage, details, reviews, ratings)) {
      assertThat(server.tags()).as(server.localServiceName())
          .containsEntry("guid:x-request-id", requestId)
          .containsEntry("http.status_code", "200")
          .doesNotContainKey("error");
    }
    for (Span client : List.of(toDetails, toReviews, toRatings)) {
      assertThat(client.tags()).containsEntry("http.status_code", "200").doesNotContainKey("error");
    }
    assertThat(productPage.name()).isEqualTo("get /productpage");
    assertThat(ratings.name()).isEqualTo("get /ratings/{id}");

    assertThat(headerTags(ratings)).as("exactly what reached ratings: the client span's IDs and the request ID")
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "x-request-id", requestId,
            "x-b3-traceid", traceId,
            "x-b3-spanid", toRatings.id(),
            "x-b3-parentspanid", reviews.id(),
            "x-b3-sampled", "1",
            "traceparent", "00-" + traceId + "-" + toRatings.id() + "-01"));

    assertThat(processes.get(BookinfoService.RATINGS).output()).as("log correlation in ratings' log")
        .contains("[" + traceId + "-" + ratings.id() + "-" + requestId + "] ");
  }

  @Test
  void traceparentOnlyRequestContinuesTheW3cTrace() throws Exception {
    String traceId = "0af7651916cd43dd" + Long.toHexString(System.nanoTime() | Long.MIN_VALUE);
    String callerSpanId = "b7ad6b7169203331";

    productPage(Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));

    List<Span> spans = zipkin.server().api().awaitTrace(traceId, 7, Duration.ofSeconds(30));
    Trace trace = new Trace(spans);
    assertThat(spans).hasSize(7);
    assertThat(trace.server("productpage").parentId()).isEqualTo(callerSpanId);
    String requestId = trace.server("productpage").tags().get("guid:x-request-id");
    assertThat(requestId).as("generated by productpage").isNotBlank();
    for (String service : List.of("details", "reviews", "ratings")) {
      assertThat(trace.server(service).tags()).containsEntry("guid:x-request-id", requestId);
    }
    Span toRatings = trace.client("reviews", "/ratings/0");
    assertThat(headerTags(trace.server("ratings")))
        .containsEntry("traceparent", "00-" + traceId + "-" + toRatings.id() + "-01")
        .containsEntry("x-b3-traceid", traceId)
        .containsEntry("x-request-id", requestId);
  }

  private JsonNode productPage(Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(BookinfoService.PRODUCTPAGE) + "/productpage?product=0"));
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  /** The request headers a span recorded, by lower-case name. */
  private static Map<String, String> headerTags(Span span) {
    return span.tags().entrySet().stream()
        .filter(tag -> tag.getKey().startsWith(TAG_PREFIX))
        .collect(Collectors.toMap(tag -> tag.getKey().substring(TAG_PREFIX.length()), Map.Entry::getValue));
  }

  private static String url(BookinfoService service) {
    return "http://127.0.0.1:" + ports.get(service);
  }

  /** Finds the one span of a kind, service and path in a trace. */
  private record Trace(List<Span> spans) {
    Span server(String service) {
      return only(span -> span.kind() == Span.Kind.SERVER && service.equals(span.localServiceName()),
          "server span of " + service);
    }

    Span client(String service, String path) {
      return only(span -> span.kind() == Span.Kind.CLIENT && service.equals(span.localServiceName())
          && path.equals(span.tags().get("http.path")), "client span of " + service + " to " + path);
    }

    private Span only(Predicate<Span> matching, String what) {
      List<Span> found = spans.stream().filter(matching).toList();
      assertThat(found).as(what + " in " + spans).hasSize(1);
      return found.get(0);
    }
  }
}
