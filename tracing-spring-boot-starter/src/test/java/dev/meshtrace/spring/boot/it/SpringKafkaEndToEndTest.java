package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.testing.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter with Spring Kafka and a real broker (test-support's, KRaft), no tracing code in the application: a
 * request's trace and {@code x-request-id} go from the inbound request through {@code KafkaTemplate} and the topic
 * into the {@code @KafkaListener} and on to the call it makes; a failing record ends its span with the error and
 * leaves nothing behind; a batch listener gets a span per record; the application's own record interceptor still
 * runs, under the record's context.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=orders", "meshtrace.in-memory-collector.enabled=true",
        "spring.kafka.consumer.auto-offset-reset=earliest", "meshtrace.zipkin.enabled=false"})
@DirtiesContext
class SpringKafkaEndToEndTest extends DownstreamFixture {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  static final String REQUEST_ID = "8d3f2a1c-5b6e-4f70-9a81-2c3d4e5f6a7b";

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @LocalServerPort int port;
  @Autowired InMemorySpanCollector spans;
  @Autowired OrdersApplication.ApplicationInterceptor applicationInterceptor;
  @Autowired OrdersApplication.OrderListeners listeners;
  @Autowired KafkaTemplate<String, String> template;

  @DynamicPropertySource
  static void brokers(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> kafka.broker().bootstrapServers());
  }

  @BeforeEach
  void forgetEarlierSpans() throws InterruptedException {
    spans.clear();
    downstream.clear();
    applicationInterceptor.seen.clear();
  }

  @Test
  void aRequestsTraceAndRequestIdContinueThroughTheTopicIntoTheListenersCall() throws Exception {
    HttpResponse<String> response = Inbound.get(port, "/orders/7", "traceparent",
        "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01", "x-request-id", REQUEST_ID);
    assertThat(response.statusCode()).isEqualTo(200);

    RecordedRequest call = downstream.take(1).get(0);
    Map<SpanKind, MutableSpan> byKind = byKind(spans.awaitSpans(4, Duration.ofSeconds(20)));
    MutableSpan server = byKind.get(SpanKind.SERVER);
    MutableSpan producer = byKind.get(SpanKind.PRODUCER);
    MutableSpan consumer = byKind.get(SpanKind.CONSUMER);
    MutableSpan client = byKind.get(SpanKind.CLIENT);
    assertThat(List.of(server, producer, consumer, client)).allSatisfy(span ->
        assertThat(span.traceIdString()).isEqualTo(TRACE_ID));
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    assertThat(producer.parentId()).isEqualTo(server.spanId());
    assertThat(consumer.parentId()).as("the listener's span continues the producer's").isEqualTo(producer.spanId());
    assertThat(client.parentId()).as("the listener's call is a child of its span").isEqualTo(consumer.spanId());

    assertThat(producer.name()).isEqualTo("send orders");
    assertThat(producer.tag("messaging.system")).isEqualTo("kafka");
    assertThat(producer.tag("messaging.destination.name")).isEqualTo(OrdersApplication.ORDERS);
    assertThat(consumer.name()).isEqualTo("process orders");
    assertThat(consumer.tag("messaging.consumer.group.name")).isEqualTo("stock");
    assertThat(consumer.tag("messaging.destination.partition.id")).isEqualTo("0");
    assertThat(consumer.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(consumer.error()).isNull();

    assertThat(call.getPath()).isEqualTo("/stock/7");
    assertThat(call.getHeaders().values("traceparent"))
        .containsExactly("00-" + TRACE_ID + "-" + client.spanIdString() + "-01");
    assertThat(call.getHeaders().values("x-request-id")).as("Envoy's request ID, across the topic")
        .containsExactly(REQUEST_ID);

    assertThat(applicationInterceptor.seen).as("the application's interceptor ran, under the record's context")
        .singleElement().satisfies(context -> assertThat(context.spanId()).isEqualTo(consumer.spanId()));
  }

  @Test
  void aFailingRecordEndsItsSpanWithTheErrorAndTheNextRecordHasOnlyItsOwnContext() throws Exception {
    Inbound.get(port, "/orders/poison", "x-request-id", "11111111-1111-4111-8111-111111111111");
    Inbound.get(port, "/orders/8", "x-request-id", "22222222-2222-4222-8222-222222222222");

    RecordedRequest call = downstream.take(1).get(0);
    List<MutableSpan> recorded = spans.awaitSpans(7, Duration.ofSeconds(20));
    List<MutableSpan> consumers = recorded.stream().filter(span -> span.kind() == SpanKind.CONSUMER).toList();
    assertThat(consumers).hasSize(2);
    MutableSpan poison = consumers.stream().filter(span -> span.error() != null).findFirst().orElseThrow();
    MutableSpan healthy = consumers.stream().filter(span -> span.error() == null).findFirst().orElseThrow();
    assertThat(poison.error()).hasRootCauseMessage("cannot process poison");
    assertThat(poison.tag("guid:x-request-id")).isEqualTo("11111111-1111-4111-8111-111111111111");
    assertThat(healthy.tag("guid:x-request-id")).isEqualTo("22222222-2222-4222-8222-222222222222");
    assertThat(healthy.traceId()).isNotEqualTo(poison.traceId());

    assertThat(call.getPath()).isEqualTo("/stock/8");
    assertThat(call.getHeaders().values("x-request-id")).as("nothing of the failed record leaked into the next")
        .containsExactly("22222222-2222-4222-8222-222222222222");
    assertThat(call.getHeader("traceparent")).contains(healthy.traceIdString());
    assertThat(applicationInterceptor.seen).extracting(TraceContext::spanId)
        .containsExactlyInAnyOrder(poison.spanId(), healthy.spanId());
  }

  @Test
  void aBatchListenerGetsASpanPerRecordEachContinuingItsProducer() throws Exception {
    for (String id : List.of("a", "b", "c")) template.send(OrdersApplication.ORDER_BATCHES, id).get();

    List<MutableSpan> recorded = spans.awaitSpans(6, Duration.ofSeconds(20));
    Map<Long, MutableSpan> producers = recorded.stream().filter(span -> span.kind() == SpanKind.PRODUCER)
        .collect(Collectors.toMap(MutableSpan::spanId, Function.identity()));
    List<MutableSpan> consumers = recorded.stream().filter(span -> span.kind() == SpanKind.CONSUMER).toList();
    assertThat(producers).hasSize(3);
    assertThat(consumers).hasSize(3).allSatisfy(consumer -> {
      assertThat(consumer.name()).isEqualTo("process order-batches");
      assertThat(consumer.tag("messaging.consumer.group.name")).isEqualTo("audit");
      MutableSpan producer = producers.get(consumer.parentId());
      assertThat(producer).as("the producer span of the record").isNotNull();
      assertThat(consumer.traceId()).isEqualTo(producer.traceId());
    });
    assertThat(listeners.batched).containsExactlyInAnyOrder("a", "b", "c");
  }

  static Map<SpanKind, MutableSpan> byKind(List<MutableSpan> recorded) {
    return recorded.stream().collect(Collectors.toMap(MutableSpan::kind, Function.identity()));
  }
}
