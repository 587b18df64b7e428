package dev.meshtrace.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanInternals;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpClientRequest;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.sampling.Sampler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MessagingHandlersTest {
  static final String TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";
  static final String CALLER_SPAN = "e457b5a2e4d86bd1";
  static final String REQUEST_ID = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736";

  final InMemorySpanCollector spans = new InMemorySpanCollector();

  MessagingTracing messaging(UnaryOperator<Tracing.Builder> tracing, UnaryOperator<MessagingTracing.Builder> config) {
    Tracing built = tracing.apply(Tracing.newBuilder().serviceName("checkout")).addSpanHandler(spans).build();
    return config.apply(MessagingTracing.newBuilder(built)).build();
  }

  MessagingTracing messaging() {
    return messaging(t -> t, m -> m);
  }

  /** Sends {@code message} while serving a request that came with B3, {@code x-request-id} and baggage. */
  static Span sendUnderRequest(MessagingTracing messaging, FakeMessage.Sent message) {
    Tracing tracing = messaging.tracing();
    TraceContext inbound = tracing.propagation().extract(Map.of("x-b3-traceid", TRACE_ID, "x-b3-spanid",
        CALLER_SPAN, "x-b3-sampled", "1", "x-request-id", REQUEST_ID, "baggage", "tenant=a"), MapCarrier.GETTER);
    Span server = tracing.tracer().serverSpan(inbound, Sampler.ALWAYS).start();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      return MessagingProducerHandler.create(messaging).handleSend(message, tracing.tracer().currentContext());
    } finally {
      server.finish();
    }
  }

  @Test
  void producerSpanIsNamedTaggedAndCarriesTheTraceAndMeshHeadersReplacingTheApplications() {
    MessagingTracing messaging = messaging();
    FakeMessage.Sent message = new FakeMessage.Sent()
        .with("X-Request-Id", "set-by-the-app").with("b3", "stale-0000000000000001-1").with("event-type", "order");

    Span span = sendUnderRequest(messaging, message);
    MessagingProducerHandler.create(messaging).handleResult(new FakeMessage.Result(message, null), span);

    MutableSpan producer = spans.onlySpan(SpanKind.PRODUCER);
    assertThat(producer.name()).isEqualTo("send orders");
    assertThat(producer.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(producer.parentId()).isEqualTo(spans.onlySpan(SpanKind.SERVER).spanId());
    assertThat(producer.remoteServiceName()).isEqualTo("kafka");
    assertThat(producer.tag("messaging.system")).isEqualTo("kafka");
    assertThat(producer.tag("messaging.operation.name")).isEqualTo("send");
    assertThat(producer.tag("messaging.destination.name")).isEqualTo("orders");
    assertThat(producer.tag("messaging.client.id")).isEqualTo("checkout-1");
    assertThat(producer.tag("messaging.destination.partition.id")).isEqualTo("2");
    assertThat(producer.tag("messaging.kafka.offset")).isEqualTo("41");
    assertThat(producer.error()).isNull();
    assertThat(message.headers.all("x-request-id")).containsExactly(REQUEST_ID);
    assertThat(message.headers.all("b3")).isEmpty();
    assertThat(message.headers.all("baggage")).containsExactly("tenant=a");
    assertThat(message.headers.all("x-b3-traceid")).containsExactly(TRACE_ID);
    assertThat(message.headers.all("x-b3-spanid")).containsExactly(producer.spanIdString());
    assertThat(message.headers.all("traceparent"))
        .containsExactly("00-" + TRACE_ID + "-" + producer.spanIdString() + "-01");
    assertThat(message.headers.all("event-type")).containsExactly("order");
  }

  @Test
  void offsetTagIsNamedAfterEachMessagesSystem() {
    MessagingProducerHandler handler = MessagingProducerHandler.create(messaging());
    FakeMessage.Sent kafka = new FakeMessage.Sent();
    FakeMessage.Sent pulsar = new FakeMessage.Sent() {
      @Override public String system() {
        return "pulsar";
      }
    };

    for (FakeMessage.Sent message : List.of(kafka, pulsar, kafka)) {
      handler.handleResult(new FakeMessage.Result(message, null), handler.handleSend(message, null));
    }

    assertThat(spans.spans()).extracting(span -> span.tag("messaging.kafka.offset"))
        .containsExactly("41", null, "41");
    assertThat(spans.spans()).extracting(span -> span.tag("messaging.pulsar.offset"))
        .containsExactly(null, "41", null);
  }

  @Test
  void aFailedSendEndsTheProducerSpanWithTheError() {
    MessagingTracing messaging = messaging();
    FakeMessage.Sent message = new FakeMessage.Sent();
    IllegalStateException refused = new IllegalStateException("record too large");

    MessagingProducerHandler handler = MessagingProducerHandler.create(messaging);
    handler.handleResult(new FakeMessage.Result(message, refused), handler.handleSend(message, null));

    MutableSpan producer = spans.onlySpan(SpanKind.PRODUCER);
    assertThat(producer.error()).isSameAs(refused);
    assertThat(producer.tag("messaging.kafka.offset")).isNull();
  }

  @Test
  void aSendWithNoContextStartsATraceOrContinuesOneTheApplicationWroteIntoTheMessage() {
    MessagingTracing messaging = messaging();
    MessagingProducerHandler handler = MessagingProducerHandler.create(messaging);
    FakeMessage.Sent bare = new FakeMessage.Sent();
    FakeMessage.Sent prepared = new FakeMessage.Sent().with("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");

    handler.handleResult(null, handler.handleSend(bare, null));
    handler.handleResult(null, handler.handleSend(prepared, null));

    List<MutableSpan> producers = spans.spans(s -> s.kind() == SpanKind.PRODUCER);
    assertThat(producers).hasSize(2);
    assertThat(producers.get(0).parentId()).isZero();
    assertThat(bare.headers.last("x-b3-traceid")).isEqualTo(producers.get(0).traceIdString());
    assertThat(producers.get(1).traceIdString()).isEqualTo(TRACE_ID);
    assertThat(producers.get(1).parentIdString()).isEqualTo(CALLER_SPAN);
    assertThat(prepared.headers.all("traceparent")).hasSize(1);
  }

  @Test
  void processingSpanIsAChildOfTheProducerAndTheMeshHeadersAreCurrentWhileProcessing() {
    MessagingTracing messaging = messaging();
    FakeMessage.Sent sent = new FakeMessage.Sent();
    MessagingProducerHandler.create(messaging).handleResult(null, sendUnderRequest(messaging, sent));
    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);

    Span span = consumer.handleProcess(new FakeMessage.Received(sent.headers));
    TraceContext current;
    try (Scope scope = messaging.tracing().tracer().withSpanInScope(span)) {
      current = messaging.tracing().tracer().currentContext();
    } finally {
      consumer.handleProcessed(span, null);
    }

    MutableSpan producer = spans.onlySpan(SpanKind.PRODUCER);
    MutableSpan process = spans.onlySpan(SpanKind.CONSUMER);
    assertThat(process.name()).isEqualTo("process orders");
    assertThat(process.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(process.parentId()).isEqualTo(producer.spanId());
    assertThat(process.spanId()).isNotEqualTo(producer.spanId());
    assertThat(process.tag("messaging.operation.name")).isEqualTo("process");
    assertThat(process.tag("messaging.consumer.group.name")).isEqualTo("billing");
    assertThat(process.tag("messaging.destination.partition.id")).isEqualTo("2");
    assertThat(process.tag("messaging.kafka.offset")).isEqualTo("41");
    assertThat(process.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(current.requestId()).isEqualTo(REQUEST_ID);
    assertThat(current.meshHeaders().get("baggage")).isEqualTo("tenant=a");
    assertThat(current.spanId()).isEqualTo(process.spanId());
  }

  @Test
  void theProducersSpanIdIsNeverSharedEvenWhenServerSpansJoinTheCallers() {
    MessagingTracing messaging = messaging(t -> t.joinServerSpans(true), m -> m);
    FakeMessage.Received message = new FakeMessage.Received()
        .with("b3", TRACE_ID + "-" + CALLER_SPAN + "-1");

    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);
    consumer.handleProcessed(consumer.handleProcess(message), null);

    MutableSpan process = spans.onlySpan(SpanKind.CONSUMER);
    assertThat(process.parentIdString()).isEqualTo(CALLER_SPAN);
    assertThat(process.shared()).isFalse();
  }

  @Test
  void receiveSpanReplacesTheTraceHeadersSoProcessingContinuesFromIt() {
    MessagingTracing messaging = messaging();
    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);
    FakeMessage.Received message = new FakeMessage.Received()
        .with("b3", TRACE_ID + "-" + CALLER_SPAN + "-1").with("x-request-id", REQUEST_ID);

    TraceContext received = consumer.handleReceive(message);
    consumer.handleProcessed(consumer.handleProcess(message), null);

    MutableSpan receive = spans.spanNamed("receive orders");
    MutableSpan process = spans.spanNamed("process orders");
    assertThat(receive.kind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(receive.parentIdString()).isEqualTo(CALLER_SPAN);
    assertThat(receive.spanId()).isEqualTo(received.spanId());
    assertThat(process.parentId()).isEqualTo(receive.spanId());
    assertThat(message.headers.all("b3")).containsExactly(TRACE_ID + "-" + receive.spanIdString() + "-1-" + CALLER_SPAN);
    assertThat(message.headers.all("x-request-id")).containsExactly(REQUEST_ID);
  }

  @Test
  void newTraceOptionStartsATraceLinkedToTheSenderAndKeepsTheMeshHeaders() {
    MessagingTracing messaging = messaging(t -> t, m -> m.consumerParent(ConsumerParent.NEW_TRACE));
    FakeMessage.Received message = new FakeMessage.Received()
        .with("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01").with("x-request-id", REQUEST_ID)
        .with("baggage", "tenant=a");

    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);
    Span span = consumer.handleProcess(message);
    consumer.handleProcessed(span, null);

    MutableSpan process = spans.onlySpan(SpanKind.CONSUMER);
    assertThat(process.traceIdString()).isNotEqualTo(TRACE_ID);
    assertThat(process.parentId()).isZero();
    assertThat(process.tag("messaging.link.trace_id")).isEqualTo(TRACE_ID);
    assertThat(process.tag("messaging.link.span_id")).isEqualTo(CALLER_SPAN);
    assertThat(span.context().requestId()).isEqualTo(REQUEST_ID);
    assertThat(span.context().meshHeaders().get("baggage")).isEqualTo("tenant=a");
  }

  @Test
  void aMessageWithoutRequestIdGetsOneAsAnInboundRequestWould() {
    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging());
    Span span = consumer.handleProcess(new FakeMessage.Received());
    consumer.handleProcessed(span, null);

    assertThat(span.context().requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(spans.onlySpan(SpanKind.CONSUMER).tag("guid:x-request-id")).isEqualTo(span.context().requestId());
  }

  @Test
  void processingThatThrowsEndsTheSpanWithTheError() {
    MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging());
    IllegalArgumentException poison = new IllegalArgumentException("not an order");
    consumer.handleProcessed(consumer.handleProcess(new FakeMessage.Received()), poison);

    assertThat(spans.onlySpan(SpanKind.CONSUMER).error()).isSameAs(poison);
  }

  @Test
  void theMessageKeyIsRecordedOnlyWhenOptedIn() {
    for (boolean optIn : new boolean[] {false, true}) {
      spans.clear();
      MessagingTracing messaging = messaging(t -> t, m -> m.recordMessageKey(optIn));
      FakeMessage.Sent message = new FakeMessage.Sent();
      message.key = "customer-42";
      MessagingProducerHandler handler = MessagingProducerHandler.create(messaging);
      handler.handleResult(null, handler.handleSend(message, null));

      assertThat(spans.onlySpan(SpanKind.PRODUCER).tag("messaging.kafka.message.key"))
          .isEqualTo(optIn ? "customer-42" : null);
    }
  }

  @Test
  void unsampledAndForwardModeRecordNothingAndForwardTheHeadersAsTheyCame() {
    for (UnaryOperator<Tracing.Builder> config : List.<UnaryOperator<Tracing.Builder>>of(
        t -> t.sampler(Sampler.NEVER), t -> t.mode(Mode.FORWARD))) {
      spans.clear();
      MessagingTracing messaging = messaging(config, m -> m);
      FakeMessage.Received message = new FakeMessage.Received()
          .with("x-b3-traceid", TRACE_ID).with("x-b3-spanid", CALLER_SPAN).with("x-request-id", REQUEST_ID);
      MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);

      consumer.handleReceive(message);
      Span span = consumer.handleProcess(message);
      consumer.handleProcessed(span, new IllegalStateException());

      assertThat(span.isNoop()).isTrue();
      assertThat(span.context().requestId()).isEqualTo(REQUEST_ID);
      assertThat(message.headers.all("x-b3-traceid")).containsExactly(TRACE_ID);
      assertThat(message.headers.all("x-b3-spanid")).containsExactly(CALLER_SPAN);
      assertThat(spans.spans()).isEmpty();
    }
  }

  @Test
  void headersThatCannotBeReadOrWrittenNeverBreakTheSendOrTheProcessing() {
    MessagingTracing messaging = messaging();
    FakeMessage.Sent hostile = new FakeMessage.Sent() {
      @Override public String header(String name) { throw new IllegalStateException("corrupt"); }
      @Override public boolean forEachHeader(BiConsumer<String, String> action) { throw new IllegalStateException(); }
      @Override public void header(String name, String value) { throw new IllegalStateException("read-only"); }
      @Override public void removeHeader(String name) { throw new IllegalStateException("read-only"); }
    };
    FakeMessage.Received garbage = new FakeMessage.Received()
        .with("b3", "\u0000\uFFFD-not-b3").with("traceparent", "zz").with("x-request-id", "a\nb");

    assertThatCode(() -> {
      MessagingProducerHandler producer = MessagingProducerHandler.create(messaging);
      producer.handleResult(null, producer.handleSend(hostile, null));
      MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);
      consumer.handleReceive(garbage);
      consumer.handleProcessed(consumer.handleProcess(garbage), null);
    }).doesNotThrowAnyException();
    assertThat(spans.spanNamed("receive orders").parentId()).isZero();
    assertThat(spans.spanNamed("receive orders").tag("guid:x-request-id")).isNotEqualTo("a\nb");
    assertThat(spans.spanNamed("process orders").parentId()).isEqualTo(spans.spanNamed("receive orders").spanId());
  }

  @Test
  void aCustomizerRunsAfterTheDefaultsAndOneThatThrowsIsSkipped() {
    MessagingTracing messaging = messaging(t -> t, m -> m
        .addCustomizer(new MessagingSpanCustomizer() {
          @Override public void onRequest(MessagingRequest request, Span span) { throw new IllegalStateException(); }
        })
        .addCustomizer(new MessagingSpanCustomizer() {
          @Override public void onRequest(MessagingRequest request, Span span) {
            span.name(SpanInternals.isConfined(span) ? "confined" : "publish");
          }
          @Override public void onResponse(MessagingProducerResponse response, Span span) { span.tag("acked", "y"); }
        }));
    FakeMessage.Sent message = new FakeMessage.Sent();
    MessagingProducerHandler handler = MessagingProducerHandler.create(messaging);
    Span sent = handler.handleSend(message, null);
    assertThat(SpanInternals.isConfined(sent)).as("the caller gets the span released").isFalse();
    handler.handleResult(new FakeMessage.Result(message, null), sent);

    assertThat(spans.onlySpan(SpanKind.PRODUCER).name()).isEqualTo("publish");
    assertThat(spans.onlySpan(SpanKind.PRODUCER).tag("acked")).isEqualTo("y");
  }

  @Test
  void aCallWithNoContextWhileMessagesAreProcessedIsAnOrphanCall() throws Exception {
    MessagingTracing messaging = messaging();
    HttpClientHandler client = HttpClientHandler.create(HttpTracing.create(messaging.tracing()));
    HttpClientRequest lost = new HttpClientRequest() {
      @Override public String method() { return "GET"; }
      @Override public String path() { return "/reviews"; }
      @Override public String url() { return "http://reviews:9080/reviews"; }
      @Override public String header(String name) { return null; }
      @Override public void header(String name, String value) {}
      @Override public Object unwrap() { return this; }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> client.handleReceive(null, client.handleSend(lost, null))).get(30, TimeUnit.SECONDS);
      assertThat(messaging.tracing().diagnostics().orphanCalls()).as("no message processed yet").isEmpty();

      MessagingConsumerHandler consumer = MessagingConsumerHandler.create(messaging);
      consumer.handleProcessed(consumer.handleProcess(new FakeMessage.Received()), null);
      pool.submit(() -> client.handleReceive(null, client.handleSend(lost, null))).get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }

    assertThat(messaging.tracing().diagnostics().totalOrphanCalls()).isEqualTo(1);
  }
}
