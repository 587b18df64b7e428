package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import zipkin2.Span;

/**
 * The starter in a real application on the embedded Tomcat, with no tracing code in it: an inbound request as a
 * sidecar sends it, the controller's outbound calls through {@code RestClient} and OkHttp to a real downstream
 * socket, the spans read back from the real Zipkin server, and the IDs in the log lines of Boot's default pattern.
 */
@SpringBootTest(classes = BooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=books", "meshtrace.in-memory-collector.enabled=true",
        "meshtrace.zipkin.flush-interval=100ms", "management.endpoint.health.show-details=always",
        "management.endpoints.web.exposure.include=health,metrics"})
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // closed after the class, so the next application in this JVM initialises logging anew
class StarterEndToEndTest extends DownstreamFixture {
  static final String TRACE_ID = "5af7183fb1d4cf5f3a1e2b4c6d8e0f12";
  static final String CALLER_SPAN_ID = "6b221d5bc9e6496c";
  static final String REQUEST_ID = "3c1d6a54-8a43-4a4b-9e6f-1d2c3b4a5e6f";

  @RegisterExtension static final ZipkinServerExtension ZIPKIN = new ZipkinServerExtension();

  @LocalServerPort int port;
  @Autowired InMemorySpanCollector spans;

  @DynamicPropertySource
  static void zipkinEndpoint(DynamicPropertyRegistry registry) {
    registry.add("meshtrace.zipkin.endpoint", () -> ZIPKIN.server().spansEndpoint());
  }

  /**
   * Boot copies the log pattern into a system property only when it is unset, so an application started earlier in
   * this JVM (another test class) would otherwise decide the pattern of this one's log lines.
   */
  @BeforeAll
  static void forgetEarlierLogPatterns() {
    System.clearProperty("LOG_CORRELATION_PATTERN");
  }

  @BeforeEach
  void forgetEarlierRequests() throws InterruptedException {
    spans.clear();
    downstream.clear();
  }

  @Test
  void inboundB3ContinuesThroughTheControllerToBothClientsAndReachesZipkin(CapturedOutput output)
      throws Exception {
    HttpResponse<String> response = Inbound.get(port, "/books/7", "X-B3-TraceId", TRACE_ID,
        "X-B3-SpanId", CALLER_SPAN_ID, "X-B3-Sampled", "1", "x-request-id", REQUEST_ID);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("7,7");

    List<MutableSpan> recorded = spans.awaitSpans(3, Duration.ofSeconds(10));
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.name()).isEqualTo("GET /books/{id}");
    assertThat(server.tag("http.route")).isEqualTo("/books/{id}");
    assertThat(server.tag("http.status_code")).isEqualTo("200");
    assertThat(server.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(server.localServiceName()).isEqualTo("books");
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    Map<String, MutableSpan> clients = recorded.stream().filter(span -> span.kind() == SpanKind.CLIENT)
        .collect(Collectors.toMap(span -> span.tag("http.path"), Function.identity()));
    assertThat(clients).containsOnlyKeys("/details/7", "/ratings/7");
    assertThat(clients.values()).allSatisfy(client -> {
      assertThat(client.traceIdString()).isEqualTo(TRACE_ID);
      assertThat(client.parentId()).isEqualTo(server.spanId());
    });

    Map<String, RecordedRequest> received = downstream.take(2).stream()
        .collect(Collectors.toMap(RecordedRequest::getPath, Function.identity()));
    assertThat(received).containsOnlyKeys("/details/7", "/ratings/7");
    received.forEach((path, request) -> {
      String clientSpanId = clients.get(path).spanIdString();
      assertThat(request.getHeaders().values("x-b3-traceid")).containsExactly(TRACE_ID);
      assertThat(request.getHeaders().values("x-b3-spanid")).containsExactly(clientSpanId);
      assertThat(request.getHeaders().values("x-b3-parentspanid")).containsExactly(server.spanIdString());
      assertThat(request.getHeaders().values("x-b3-sampled")).containsExactly("1");
      assertThat(request.getHeaders().values("traceparent"))
          .containsExactly("00-" + TRACE_ID + "-" + clientSpanId + "-01");
      assertThat(request.getHeaders().values("x-request-id")).containsExactly(REQUEST_ID);
    });
    assertThat(received.get("/details/7").getHeader("x-app")).as("the application's own header").isEqualTo("mine");

    List<Span> inZipkin = ZIPKIN.server().api().awaitTrace(TRACE_ID, 3, Duration.ofSeconds(20));
    Span zipkinServer = inZipkin.stream().filter(span -> span.kind() == Span.Kind.SERVER).findFirst().orElseThrow();
    assertThat(zipkinServer.id()).isEqualTo(server.spanIdString());
    assertThat(zipkinServer.parentId()).isEqualTo(CALLER_SPAN_ID);
    assertThat(zipkinServer.localServiceName()).isEqualTo("books");
    assertThat(zipkinServer.name()).isEqualTo("get /books/{id}");
    assertThat(inZipkin).filteredOn(span -> span.kind() == Span.Kind.CLIENT).hasSize(2)
        .allSatisfy(client -> assertThat(client.parentId()).isEqualTo(server.spanIdString()));

    String ids = "[" + TRACE_ID + "-" + server.spanIdString() + "] ";
    assertThat(logLine(output, "handling book 7")).contains(ids);
    assertThat(logLine(output, "async work for book 7")).contains(ids).doesNotContain("[nio-");
  }

  @Test
  void w3cOnlyInboundContinuesInW3cAndB3AndMeshHeadersTravelVerbatim() throws Exception {
    Inbound.get(port, "/books/11", "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01",
        "tracestate", "vendor=opaque", "baggage", "tenant=acme", "x-ot-span-context", "ot-value");

    MutableSpan server = spans.awaitSpans(3, Duration.ofSeconds(10)).stream()
        .filter(span -> span.kind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    assertThat(downstream.take(2)).allSatisfy(request -> {
      assertThat(request.getHeader("traceparent")).startsWith("00-" + TRACE_ID + "-").endsWith("-01")
          .doesNotContain(CALLER_SPAN_ID);
      assertThat(request.getHeader("tracestate")).isEqualTo("vendor=opaque");
      assertThat(request.getHeader("x-b3-traceid")).isEqualTo(TRACE_ID);
      assertThat(request.getHeader("baggage")).isEqualTo("tenant=acme");
      assertThat(request.getHeader("x-ot-span-context")).isEqualTo("ot-value");
    });
  }

  @Test
  void requestWithoutTraceHeadersStartsATraceWithAGeneratedRequestId() throws Exception {
    assertThat(Inbound.get(port, "/books/8").statusCode()).isEqualTo(200);

    MutableSpan server = spans.awaitSpans(3, Duration.ofSeconds(10)).stream()
        .filter(span -> span.kind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.parentId()).isZero();
    String requestId = server.tag("guid:x-request-id");
    assertThat(requestId).hasSize(36);
    assertThat(downstream.take(2)).allSatisfy(request -> {
      assertThat(request.getHeader("x-b3-traceid")).isEqualTo(server.traceIdString());
      assertThat(request.getHeader("x-b3-parentspanid")).isEqualTo(server.spanIdString());
      assertThat(request.getHeader("x-request-id")).isEqualTo(requestId);
    });
  }

  @Test
  void unsampledRequestRecordsNothingButForwardsItsHeadersAndTheDenyInEveryConfiguredFormat() throws Exception {
    Inbound.get(port, "/books/9", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-0", "x-request-id", REQUEST_ID);

    assertThat(downstream.take(2)).allSatisfy(request -> {
      assertThat(request.getHeaders().values("b3")).containsExactly(TRACE_ID + "-" + CALLER_SPAN_ID + "-0");
      assertThat(request.getHeader("x-b3-traceid")).isEqualTo(TRACE_ID);
      assertThat(request.getHeader("x-b3-spanid")).isEqualTo(CALLER_SPAN_ID);
      assertThat(request.getHeader("x-b3-sampled")).isEqualTo("0");
      assertThat(request.getHeader("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-00");
      assertThat(request.getHeader("x-request-id")).isEqualTo(REQUEST_ID);
    });
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void actuatorIsNotTracedAndReportsTheReporter() throws Exception {
    Inbound.get(port, "/books/10");
    spans.awaitSpans(3, Duration.ofSeconds(10));
    spans.clear();

    HttpResponse<String> health = Inbound.get(port, "/actuator/health/meshtrace");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains(ZIPKIN.server().spansEndpoint());

    long sent = 0;
    for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); sent < 3
        && System.nanoTime() < deadline; Thread.sleep(100)) {
      HttpResponse<String> metric = Inbound.get(port, "/actuator/metrics/meshtrace.zipkin.spans.sent");
      assertThat(metric.statusCode()).isEqualTo(200);
      sent = Math.round(Double.parseDouble(metric.body().replaceAll(".*\"value\":([0-9.E]+).*", "$1")));
    }
    assertThat(sent).as("spans sent to Zipkin, as a meter").isGreaterThanOrEqualTo(3);
    assertThat(spans.spans()).as("actuator requests are skipped").isEmpty();
  }

  static String logLine(CapturedOutput output, String message) {
    return output.getOut().lines().filter(line -> line.endsWith(message)).findFirst()
        .orElseThrow(() -> new AssertionError("No log line '" + message + "' in:\n" + output.getOut()));
  }
}
