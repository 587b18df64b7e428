package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orphans.boot.ReviewsApplication;
import java.net.http.HttpResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Orphan calls in a Boot application on the embedded Tomcat: a controller that calls the next service from an
 * executor of its own. The log line, the {@code meshtrace.orphan.calls} meter and the {@code meshtrace} endpoint
 * (exposed here; its configuration part shows the Zipkin reporter with the endpoint's credentials masked).
 */
@SpringBootTest(classes = ReviewsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=reviews", "management.endpoints.web.exposure.include=meshtrace,metrics",
        "meshtrace.zipkin.endpoint=http://zipkin-user:s3cret@127.0.0.1:9/api/v2/spans?token=t0ken",
        "meshtrace.diagnostics.orphan-calls.background-threads=nightly-*"})
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // closed after the class, so the next application in this JVM initialises logging anew
class OrphanCallsActuatorTest extends DownstreamFixture {
  static final String TRACE_ID = "5af7183fb1d4cf5f3a1e2b4c6d8e0f12";

  @LocalServerPort int port;

  @BeforeEach
  void forgetEarlierRequests() throws InterruptedException {
    downstream.clear();
  }

  String reviews(String executor) throws Exception {
    HttpResponse<String> response = Inbound.get(port, "/reviews/7?executor=" + executor,
        "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", "6b221d5bc9e6496c", "X-B3-Sampled", "1");
    assertThat(response.statusCode()).isEqualTo(200);
    RecordedRequest received = downstream.take(1).get(0);
    return received.getHeader("x-b3-traceid");
  }

  @Test
  void anOrphanCallIsLoggedCountedAndListedWithSecretsMasked(CapturedOutput output) throws Exception {
    assertThat(reviews("traced")).isEqualTo(TRACE_ID);
    assertThat(Inbound.get(port, "/actuator/meshtrace").body()).contains("\"orphanCalls\":[]");

    assertThat(reviews("plain")).as("the trace broke").isNotEqualTo(TRACE_ID);
    reviews("plain");

    String host = downstream.url().replace("http://", "");
    assertThat(output.getOut()).containsOnlyOnce("made with no trace context").contains("outbound GET " + host
        + " (spring-web) made with no trace context at com.example.orphans.boot.ReviewsApplication$ReviewsController"
        + ".lambda$review$").contains("; wrap the executor with tracing.currentTraceContext().executorService(...)");

    HttpResponse<String> metric = Inbound.get(port,
        "/actuator/metrics/meshtrace.orphan.calls?tag=adapter:spring-web&tag=host:" + host);
    assertThat(metric.statusCode()).isEqualTo(200);
    assertThat(metric.body()).contains("\"statistic\":\"COUNT\",\"value\":2.0");

    HttpResponse<String> endpoint = Inbound.get(port, "/actuator/meshtrace");
    assertThat(endpoint.statusCode()).isEqualTo(200);
    assertThat(endpoint.body())
        .contains("\"orphanCalls\":[{\"adapter\":\"spring-web\",\"host\":\"" + host + "\",\"count\":2}]")
        .contains("\"location\":\"com.example.orphans.boot.ReviewsApplication$ReviewsController.lambda$review$")
        .contains("\"threadKind\":\"pooled\"")
        .contains("\"fix\":\"wrap the executor with tracing.currentTraceContext().executorService(...)\"")
        .contains("\"firstSeen\":\"", "\"lastSeen\":\"")
        .contains("\"serviceName\":\"reviews\"", "\"mode\":\"record\"", "\"injectFormats\":[\"b3multi\",\"w3c\"]")
        .contains("\"backgroundThreads\":[\"nightly-*\"]")
        .contains("http://***@127.0.0.1:9/api/v2/spans?token=***")
        .doesNotContain("s3cret", "t0ken", "zipkin-user");
  }
}
