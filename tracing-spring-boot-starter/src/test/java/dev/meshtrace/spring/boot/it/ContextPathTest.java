package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * With {@code server.servlet.context-path} set, the request paths the filter sees start with it: the default skip
 * paths and the configured rules, written without it, still match.
 */
@SpringBootTest(classes = BooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=shop", "server.servlet.context-path=/shop",
        "meshtrace.http.server.path-rules=skip:/books/1", "meshtrace.in-memory-collector.enabled=true",
        "meshtrace.zipkin.enabled=false"})
@DirtiesContext // closed after the class, so the next application in this JVM initialises logging anew
class ContextPathTest extends DownstreamFixture {
  @LocalServerPort int port;
  @Autowired InMemorySpanCollector spans;

  @Test
  void defaultSkipPathsAndConfiguredRulesMatchUnderTheContextPath() throws Exception {
    assertThat(Inbound.get(port, "/shop/actuator/health").statusCode()).isEqualTo(200);
    assertThat(Inbound.get(port, "/shop/books/1", "b3", StarterEndToEndTest.TRACE_ID + "-"
        + StarterEndToEndTest.CALLER_SPAN_ID + "-1", "x-request-id", StarterEndToEndTest.REQUEST_ID).statusCode())
        .isEqualTo(200);
    List<RecordedRequest> skippedCalls = downstream.take(2);
    assertThat(skippedCalls).allSatisfy(request -> {
      assertThat(request.getHeader("b3")).as("forwarded as received")
          .isEqualTo(StarterEndToEndTest.TRACE_ID + "-" + StarterEndToEndTest.CALLER_SPAN_ID + "-1");
      assertThat(request.getHeader("x-request-id")).isEqualTo(StarterEndToEndTest.REQUEST_ID);
    });

    assertThat(Inbound.get(port, "/shop/books/2").statusCode()).isEqualTo(200);
    List<MutableSpan> recorded = spans.awaitSpans(3, Duration.ofSeconds(10));
    assertThat(recorded).as("the server span and two client spans of /books/2 alone").hasSize(3);
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.tag("http.path")).isEqualTo("/shop/books/2");
    assertThat(server.tag("http.route")).isEqualTo("/books/{id}");
  }
}
