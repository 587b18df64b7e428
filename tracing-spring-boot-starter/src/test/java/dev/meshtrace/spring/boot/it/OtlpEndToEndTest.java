package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.otlp.OtlpSpanHandler;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real application configured with nothing but {@code OTEL_EXPORTER_OTLP_ENDPOINT} (given as the property of that
 * name, which is where Spring's environment finds the variable too): its server span and both client spans reach a
 * real grpc-java {@code TraceService} over OTLP/gRPC, with the OTLP mapping, and nothing is sent to Zipkin.
 */
@SpringBootTest(classes = BooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=books", "meshtrace.otlp.flush-interval=50ms"})
@DirtiesContext
class OtlpEndToEndTest extends DownstreamFixture {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  static final BlockingQueue<ExportTraceServiceRequest> RECEIVED = new LinkedBlockingQueue<>();
  static final Server COLLECTOR = startCollector();

  @LocalServerPort int port;
  @Autowired ObjectProvider<ZipkinSpanHandler> zipkin;
  @Autowired OtlpSpanHandler otlp;

  static Server startCollector() {
    try {
      return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .addService(new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request,
                StreamObserver<ExportTraceServiceResponse> response) {
              RECEIVED.add(request);
              response.onNext(ExportTraceServiceResponse.getDefaultInstance());
              response.onCompleted();
            }
          }).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void otelEndpoint(DynamicPropertyRegistry registry) {
    registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", () -> "http://127.0.0.1:" + COLLECTOR.getPort());
  }

  @AfterAll
  static void stopCollector() throws InterruptedException {
    COLLECTOR.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void serverAndClientSpansReachTheCollectorOverGrpc() throws Exception {
    assertThat(zipkin.getIfAvailable()).as("no Zipkin reporter when only OTLP is configured").isNull();
    assertThat(otlp.toString()).startsWith("OtlpSpanHandler{grpc ");

    HttpResponse<String> response = Inbound.get(port, "/books/7", "traceparent",
        "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
    assertThat(response.statusCode()).isEqualTo(200);

    List<Span> spans = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (spans.size() < 3 && System.nanoTime() < deadline) {
      ExportTraceServiceRequest request = RECEIVED.poll(1, TimeUnit.SECONDS);
      if (request == null) continue;
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        assertThat(attributes(resourceSpans.getResource().getAttributesList()).get("service.name").getStringValue())
            .isEqualTo("books");
        assertThat(resourceSpans.getScopeSpans(0).getScope().getName()).isEqualTo("dev.meshtrace");
        spans.addAll(resourceSpans.getScopeSpans(0).getSpansList());
      }
    }
    assertThat(spans).hasSize(3);
    Span server = spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst()
        .orElseThrow();
    assertThat(hex(server.getTraceId().toByteArray())).isEqualTo(TRACE_ID);
    assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.getName()).isEqualTo("GET /books/{id}");
    Map<String, AnyValue> serverAttributes = attributes(server.getAttributesList());
    assertThat(serverAttributes.get("http.request.method").getStringValue()).isEqualTo("GET");
    assertThat(serverAttributes.get("http.route").getStringValue()).isEqualTo("/books/{id}");
    assertThat(serverAttributes.get("url.path").getStringValue()).isEqualTo("/books/7");
    assertThat(serverAttributes.get("http.response.status_code").getIntValue()).isEqualTo(200);
    assertThat(serverAttributes).containsKey("guid:x-request-id").doesNotContainKeys("http.method", "http.path");

    List<Span> clients = spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(clients).hasSize(2).allSatisfy(client -> {
      assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(attributes(client.getAttributesList()).get("http.response.status_code").getIntValue())
          .isEqualTo(200);
    });
    assertThat(clients).extracting(client -> URI.create(attributes(client.getAttributesList()).get("url.full")
        .getStringValue()).getPath()).containsExactlyInAnyOrder("/details/7", "/ratings/7");
    assertThat(clients).allSatisfy(client -> assertThat(attributes(client.getAttributesList()))
        .containsKeys("server.address", "server.port").doesNotContainKeys("url.path", "http.url"));
  }

  static Map<String, AnyValue> attributes(List<KeyValue> keyValues) {
    Map<String, AnyValue> result = new LinkedHashMap<>();
    keyValues.forEach(keyValue -> result.put(keyValue.getKey(), keyValue.getValue()));
    return result;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
