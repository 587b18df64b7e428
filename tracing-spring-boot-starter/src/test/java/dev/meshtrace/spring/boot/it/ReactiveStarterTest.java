package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The starter in a WebFlux application on Reactor Netty with no tracing code: the server span of an inbound request
 * and the two parallel {@code WebClient} calls its annotated controller makes (one after a thread hop), children of
 * it, each carrying its own span's headers to a real downstream socket.
 */
@SpringBootTest(classes = ReactiveBooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", "spring.application.name=reactive-books",
        "meshtrace.in-memory-collector.enabled=true"})
@DirtiesContext
class ReactiveStarterTest extends DownstreamFixture {
  static final String TRACE_ID = "5af7183fb1d4cf5f3a1e2b4c6d8e0f12";
  static final String CALLER_SPAN_ID = "6b221d5bc9e6496c";
  static final String REQUEST_ID = "3c1d6a54-8a43-4a4b-9e6f-1d2c3b4a5e6f";

  @LocalServerPort int port;
  @Autowired InMemorySpanCollector spans;

  @Test
  void aWebFluxRequestAndItsParallelWebClientCallsAreOneTrace() throws Exception {
    HttpResponse<String> response = Inbound.get(port, "/books/7", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1",
        "x-request-id", REQUEST_ID);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("7,7");

    List<MutableSpan> recorded = spans.awaitSpans(3, Duration.ofSeconds(10));
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.name()).isEqualTo("GET /books/{id}");
    assertThat(server.localServiceName()).isEqualTo("reactive-books");
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    Map<String, MutableSpan> clients = recorded.stream().filter(span -> span.kind() == SpanKind.CLIENT)
        .collect(Collectors.toMap(span -> span.tag("http.path"), Function.identity()));
    assertThat(clients).containsOnlyKeys("/details/7", "/reviews/7");
    assertThat(clients.values()).allSatisfy(client -> assertThat(client.parentId()).isEqualTo(server.spanId()));

    Map<String, RecordedRequest> received = downstream.take(2).stream()
        .collect(Collectors.toMap(RecordedRequest::getPath, Function.identity()));
    received.forEach((path, request) -> {
      String clientSpanId = clients.get(path).spanIdString();
      assertThat(request.getHeaders().values("b3"))
          .containsExactly(TRACE_ID + "-" + clientSpanId + "-1-" + server.spanIdString());
      assertThat(request.getHeaders().values("x-b3-spanid")).containsExactly(clientSpanId);
      assertThat(request.getHeaders().values("x-request-id")).containsExactly(REQUEST_ID);
    });
  }
}
