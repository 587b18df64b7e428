package dev.meshtrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.jdk.httpclient.TracingHttpClient;
import dev.meshtrace.messaging.MessagingProducerResponse;
import dev.meshtrace.messaging.MessagingRequest;
import dev.meshtrace.messaging.MessagingSpanCustomizer;
import dev.meshtrace.messaging.MessagingTracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.testing.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Producer → real topic → consumer, through a real broker, and the outbound call made while processing. */
class KafkaPropagationTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  static final String TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";
  static final String CALLER_SPAN = "e457b5a2e4d86bd1";
  static final String REQUEST_ID = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736";
  static final String BAGGAGE = "tenant=a,plan=gold";

  KafkaFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new KafkaFixture(kafka.broker().bootstrapServers());
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  /** The headers of a request that reached the producing service through its sidecar, in {@code format}. */
  static Map<String, String> inbound(Format format) {
    Map<String, String> headers = new HashMap<>(Map.of(
        "x-request-id", REQUEST_ID, "baggage", BAGGAGE, "x-tenant-id", "acme"));
    switch (format) {
      case B3:
        headers.put("b3", TRACE_ID + "-" + CALLER_SPAN + "-1");
        break;
      case B3_MULTI:
        headers.putAll(Map.of("x-b3-traceid", TRACE_ID, "x-b3-spanid", CALLER_SPAN, "x-b3-sampled", "1"));
        break;
      default:
        headers.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
    }
    return headers;
  }

  /** The trace headers of {@code format} naming span {@code spanId} of {@link #TRACE_ID}, as lower-case names. */
  static Map<String, String> traceHeaders(Format format, String spanId, String parentId) {
    switch (format) {
      case B3:
        return Map.of("b3", TRACE_ID + "-" + spanId + "-1-" + parentId);
      case B3_MULTI:
        return Map.of("x-b3-traceid", TRACE_ID, "x-b3-spanid", spanId, "x-b3-parentspanid", parentId,
            "x-b3-sampled", "1");
      default:
        return Map.of("traceparent", "00-" + TRACE_ID + "-" + spanId + "-01");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"B3_MULTI", "B3", "W3C"})
  void theRequestsTraceAndMeshHeadersCrossTheTopicIntoTheConsumersOutboundCall(Format format) throws Exception {
    URI reviews = fixture.httpServer();
    Tracing checkout = fixture.tracing("checkout", format);
    Tracing billing = fixture.tracing("billing", format);
    String group = "billing-" + fixture.topic;

    // checkout: serving a request, it publishes an event; the application set headers of its own
    TraceContext inbound = checkout.propagation().extract(inbound(format), MapCarrier.GETTER);
    Span server = checkout.tracer().serverSpan(inbound, Sampler.ALWAYS).start();
    Producer<String, String> producer = KafkaTracing.create(checkout).producer(fixture.producer(Map.of()), "checkout-1");
    ProducerRecord<String, String> event = new ProducerRecord<>(fixture.topic, "order-1", "{\"order\":1}");
    event.headers().add("X-Request-Id", "set-by-the-app".getBytes(UTF_8)).add("x-request-id", "again".getBytes(UTF_8))
        .add("Baggage", "stale=1".getBytes(UTF_8)).add("b3", "0000000000000001-0000000000000002-0".getBytes(UTF_8))
        .add("event-type", "order-placed".getBytes(UTF_8));
    CompletableFuture<TraceContext> callbackContext = new CompletableFuture<>();
    RecordMetadata acked;
    try (Scope scope = checkout.tracer().withSpanInScope(server)) {
      acked = producer.send(event, (metadata, error) -> callbackContext.complete(checkout.tracer().currentContext()))
          .get(30, TimeUnit.SECONDS);
    } finally {
      server.finish();
    }

    // what travelled: read by a plain consumer, before any tracing touches the headers
    ConsumerRecord<String, String> raw = KafkaFixture.poll(fixture.consumer("raw-" + fixture.topic), fixture.topic, 1)
        .get(0);

    // billing: a traced consumer polls, the record is processed, and processing calls another service over HTTP
    KafkaTracing billingKafka = KafkaTracing.create(billing);
    HttpClient http = TracingHttpClient.create(HttpTracing.create(billing), HttpClient.newHttpClient());
    Consumer<String, String> consumer = billingKafka.consumer(fixture.consumer(group), "billing-1");
    ConsumerRecord<String, String> record = KafkaFixture.poll(consumer, fixture.topic, 1).get(0);
    TraceContext processingContext;
    try (KafkaProcessing processing = billingKafka.startProcessing(record, group, "billing-1")) {
      processingContext = billing.tracer().currentContext();
      http.send(HttpRequest.newBuilder(reviews).build(), HttpResponse.BodyHandlers.discarding());
    }
    Map<String, List<String>> outbound = fixture.awaitHttpRequest();

    MutableSpan serverSpan = fixture.spans.onlySpan(SpanKind.SERVER);
    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    MutableSpan receive = fixture.spans.spanNamed("receive " + fixture.topic);
    MutableSpan process = fixture.spans.spanNamed("process " + fixture.topic);
    MutableSpan call = fixture.spans.onlySpan(SpanKind.CLIENT);
    assertThat(List.of(send, receive, process, call)).allSatisfy(span ->
        assertThat(span.traceIdString()).isEqualTo(TRACE_ID));
    assertThat(send.parentId()).isEqualTo(serverSpan.spanId());
    assertThat(receive.parentId()).isEqualTo(send.spanId());
    assertThat(process.parentId()).isEqualTo(receive.spanId());
    assertThat(call.parentId()).isEqualTo(process.spanId());
    assertThat(send.name()).isEqualTo("send " + fixture.topic);
    assertThat(send.localServiceName()).isEqualTo("checkout");
    assertThat(send.remoteServiceName()).isEqualTo("kafka");
    assertThat(send.tag("messaging.system")).isEqualTo("kafka");
    assertThat(send.tag("messaging.destination.name")).isEqualTo(fixture.topic);
    assertThat(send.tag("messaging.client.id")).isEqualTo("checkout-1");
    assertThat(send.tag("messaging.destination.partition.id")).isEqualTo("0");
    assertThat(send.tag("messaging.kafka.offset")).isEqualTo(Long.toString(acked.offset()));
    assertThat(send.tag("messaging.kafka.message.key")).isNull();
    assertThat(receive.kind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.kind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(List.of(receive, process)).allSatisfy(span -> {
      assertThat(span.localServiceName()).isEqualTo("billing");
      assertThat(span.tag("messaging.consumer.group.name")).isEqualTo(group);
      assertThat(span.tag("messaging.client.id")).isEqualTo("billing-1");
      assertThat(span.tag("messaging.kafka.offset")).isEqualTo(Long.toString(record.offset()));
      assertThat(span.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    });
    assertThat(callbackContext.get(30, TimeUnit.SECONDS).spanId()).isEqualTo(serverSpan.spanId());

    // the record carried each header once: the context's replaced the application's, stale trace headers gone
    traceHeaders(format, send.spanIdString(), serverSpan.spanIdString())
        .forEach((name, value) -> assertThat(KafkaFixture.headers(raw, name)).containsExactly(value));
    assertThat(KafkaFixture.headerNames(raw)).doesNotHaveDuplicates()
        .doesNotContain("X-Request-Id", "Baggage")
        .contains("event-type");
    assertThat(KafkaFixture.headers(raw, "x-request-id")).containsExactly(REQUEST_ID);
    assertThat(KafkaFixture.headers(raw, "baggage")).containsExactly(BAGGAGE);
    assertThat(KafkaFixture.headers(raw, "x-tenant-id")).containsExactly("acme");
    if (format != Format.B3) assertThat(KafkaFixture.headers(raw, "b3")).isEmpty();

    // the outbound call carried the trace and every mesh header of the original request
    assertThat(processingContext.requestId()).isEqualTo(REQUEST_ID);
    traceHeaders(format, call.spanIdString(), process.spanIdString())
        .forEach((name, value) -> assertThat(outbound.get(name)).containsExactly(value));
    assertThat(outbound.get("x-request-id")).containsExactly(REQUEST_ID);
    assertThat(outbound.get("baggage")).containsExactly(BAGGAGE);
    assertThat(outbound.get("x-tenant-id")).containsExactly("acme");
  }

  @Test
  void aRecordTheBrokerRefusesEndsTheProducerSpanWithTheErrorAndTheCallbackStillRuns() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    Producer<String, String> producer = KafkaTracing.create(checkout)
        .producer(fixture.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024)));
    CompletableFuture<Exception> callbackError = new CompletableFuture<>();

    assertThatThrownBy(() -> producer.send(new ProducerRecord<>(fixture.topic, "x".repeat(4096)),
        (metadata, error) -> callbackError.complete(error)).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);

    assertThat(callbackError.get(30, TimeUnit.SECONDS)).isInstanceOf(RecordTooLargeException.class);
    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    assertThat(send.error()).isInstanceOf(RecordTooLargeException.class);
    assertThat(send.tag("messaging.kafka.offset")).isNull();
  }

  @Test
  void aSendTheClientRejectsAtOnceEndsTheSpanWithTheErrorItThrows() {
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    Producer<String, String> producer = KafkaTracing.create(checkout).producer(fixture.producer(Map.of()));
    producer.close();

    assertThatThrownBy(() -> producer.send(new ProducerRecord<>(fixture.topic, "late")))
        .isInstanceOf(IllegalStateException.class);

    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    assertThat(send.error()).isInstanceOf(IllegalStateException.class);
    assertThat(send.tag("messaging.destination.partition.id")).as("no partition asked for, none assigned").isNull();
  }

  @Test
  void aPoisonRecordEndsItsSpanWithTheErrorAndNoRecordsContextLeaksIntoTheNext() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.B3_MULTI);
    Tracing billing = fixture.tracing("billing", Format.B3_MULTI);
    Producer<String, String> producer = KafkaTracing.create(checkout).producer(fixture.producer(Map.of()));
    String[] requestIds = new String[3];
    for (int i = 0; i < 3; i++) {
      requestIds[i] = java.util.UUID.randomUUID().toString();
      TraceContext request = checkout.propagation().extract(Map.of("x-request-id", requestIds[i]), MapCarrier.GETTER);
      Span server = checkout.tracer().serverSpan(request, Sampler.ALWAYS).start();
      try (Scope scope = checkout.tracer().withSpanInScope(server)) {
        producer.send(new ProducerRecord<>(fixture.topic, i == 1 ? "poison" : "order-" + i)).get(30, TimeUnit.SECONDS);
      } finally {
        server.finish();
      }
    }

    KafkaTracing billingKafka = KafkaTracing.create(billing);
    List<ConsumerRecord<String, String>> records =
        KafkaFixture.poll(fixture.consumer("billing-" + fixture.topic), fixture.topic, 3);
    Span poller = billing.tracer().newTrace().name("poll-loop").start();
    String[] seen = new String[3];
    int failures = 0;
    try (Scope loop = billing.tracer().withSpanInScope(poller)) {
      for (int i = 0; i < records.size(); i++) {
        ConsumerRecord<String, String> record = records.get(i);
        try (KafkaProcessing processing = billingKafka.startProcessing(record)) {
          seen[i] = billing.tracer().currentRequestId();
          try {
            if (record.value().equals("poison")) throw new IllegalArgumentException("not an order");
          } catch (RuntimeException e) {
            processing.error(e);
            failures++;
          }
        }
        assertThat(billing.tracer().currentContext()).isEqualTo(poller.context());
      }
    } finally {
      poller.finish();
    }

    assertThat(failures).isEqualTo(1);
    assertThat(seen).containsExactly(requestIds);
    List<MutableSpan> processed = fixture.spans.spans(span -> span.kind() == SpanKind.CONSUMER);
    List<MutableSpan> sent = fixture.spans.spans(span -> span.kind() == SpanKind.PRODUCER);
    assertThat(processed).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(processed.get(i).parentId()).isEqualTo(sent.get(i).spanId());
      assertThat(processed.get(i).tag("guid:x-request-id")).isEqualTo(requestIds[i]);
      if (i == 1) {
        assertThat(processed.get(i).error()).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(processed.get(i).error()).isNull();
      }
    }
  }

  @Test
  void hostileHeadersNeverFailAPollOrAProcessingAndStartANewTrace() throws Exception {
    Tracing billing = fixture.tracing("billing", Format.W3C);
    ProducerRecord<String, String> hostile = new ProducerRecord<>(fixture.topic, "order");
    hostile.headers().add("traceparent", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})
        .add("tracestate", null).add("b3", "\r\n".getBytes(UTF_8)).add("x-request-id", "x".repeat(20_000).getBytes(UTF_8))
        .add("baggage", new byte[] {(byte) 0xc3}).add("X-B3-TraceId", "zz".getBytes(UTF_8));
    fixture.producer(Map.of()).send(hostile).get(30, TimeUnit.SECONDS);

    KafkaTracing billingKafka = KafkaTracing.create(billing);
    Consumer<String, String> consumer = billingKafka.consumer(fixture.consumer("billing-" + fixture.topic));
    ConsumerRecord<String, String> record = KafkaFixture.poll(consumer, fixture.topic, 1).get(0);
    try (KafkaProcessing processing = billingKafka.startProcessing(record)) {
      assertThat(processing.context().requestId()).isNotEqualTo("x".repeat(20_000));
    }

    MutableSpan receive = fixture.spans.spanNamed("receive " + fixture.topic);
    assertThat(receive.parentId()).isZero();
    assertThat(fixture.spans.spanNamed("process " + fixture.topic).parentId()).isEqualTo(receive.spanId());
    assertThat(receive.tag("messaging.consumer.group.name")).isEqualTo("billing-" + fixture.topic);
  }

  @Test
  void aRecordSentTwiceGetsTheHeadersOfEachSendAndTheApplicationsRecordIsLeftAlone() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    Producer<String, String> producer = KafkaTracing.create(checkout).producer(fixture.producer(Map.of()));
    ProducerRecord<String, String> record = new ProducerRecord<>(fixture.topic, "retried");

    producer.send(record).get(30, TimeUnit.SECONDS); // Kafka makes the record's headers read-only
    int headersAfterFirst = record.headers().toArray().length;
    producer.send(record).get(30, TimeUnit.SECONDS);

    List<ConsumerRecord<String, String>> received =
        KafkaFixture.poll(fixture.consumer("raw-" + fixture.topic), fixture.topic, 2);
    List<MutableSpan> sends = fixture.spans.spans(span -> span.kind() == SpanKind.PRODUCER);
    assertThat(sends).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(KafkaFixture.headers(received.get(i), "traceparent"))
          .containsExactly("00-" + sends.get(i).traceIdString() + "-" + sends.get(i).spanIdString() + "-01");
    }
    assertThat(record.headers().toArray()).hasSize(headersAfterFirst);
  }

  /**
   * A record whose headers Kafka already made read-only (an earlier send, here an untraced one) is sent as a copy: the
   * application's stale {@code b3} is gone from it, the W3C header written once, the application's other headers
   * kept, and the application's own record left as it was.
   */
  @Test
  void aReadOnlyRecordIsSentAsACopyWithoutItsStaleTraceHeader() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    ProducerRecord<String, String> record = new ProducerRecord<>(fixture.topic, "again");
    record.headers().add("b3", "0000000000000001-0000000000000002-1".getBytes(UTF_8))
        .add("event-type", "order-placed".getBytes(UTF_8));
    fixture.producer(Map.of()).send(record).get(30, TimeUnit.SECONDS); // untraced: headers now read-only

    KafkaTracing.create(checkout).producer(fixture.producer(Map.of())).send(record).get(30, TimeUnit.SECONDS);

    ConsumerRecord<String, String> traced =
        KafkaFixture.poll(fixture.consumer("raw-" + fixture.topic), fixture.topic, 2).get(1);
    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    assertThat(KafkaFixture.headers(traced, "b3")).isEmpty();
    assertThat(KafkaFixture.headers(traced, "traceparent"))
        .containsExactly("00-" + send.traceIdString() + "-" + send.spanIdString() + "-01");
    assertThat(KafkaFixture.headers(traced, "event-type")).containsExactly("order-placed");
    assertThat(KafkaFixture.headerNames(traced)).doesNotHaveDuplicates();
    assertThat(record.headers().lastHeader("b3")).as("the application's record").isNotNull();
  }

  /**
   * Sent twice with every trace format injected (so nothing is stale and the first write meets the read-only headers):
   * each record carries each header once, naming its own send.
   */
  @Test
  void aRecordSentTwiceWithEveryFormatCarriesEachHeaderOnce() throws Exception {
    Propagation propagation = Propagation.newBuilder().inject(List.of(Format.B3_MULTI, Format.B3, Format.W3C))
        .build();
    Tracing checkout = Tracing.newBuilder().serviceName("checkout").sampler(Sampler.ALWAYS).propagation(propagation)
        .addSpanHandler(fixture.spans).build();
    try (checkout) {
      Producer<String, String> producer = KafkaTracing.create(checkout).producer(fixture.producer(Map.of()));
      ProducerRecord<String, String> record = new ProducerRecord<>(fixture.topic, "retried");
      producer.send(record).get(30, TimeUnit.SECONDS);
      producer.send(record).get(30, TimeUnit.SECONDS);

      List<ConsumerRecord<String, String>> received =
          KafkaFixture.poll(fixture.consumer("raw-" + fixture.topic), fixture.topic, 2);
      List<MutableSpan> sends = fixture.spans.spans(span -> span.kind() == SpanKind.PRODUCER);
      for (int i = 0; i < 2; i++) {
        MutableSpan send = sends.get(i);
        assertThat(KafkaFixture.headerNames(received.get(i))).doesNotHaveDuplicates();
        assertThat(KafkaFixture.headers(received.get(i), "x-b3-spanid")).containsExactly(send.spanIdString());
        assertThat(KafkaFixture.headers(received.get(i), "b3")).singleElement().asString()
            .startsWith(send.traceIdString() + "-" + send.spanIdString() + "-1");
        assertThat(KafkaFixture.headers(received.get(i), "traceparent"))
            .containsExactly("00-" + send.traceIdString() + "-" + send.spanIdString() + "-01");
      }
    }
  }

  /** The key is tagged only when the operator opts in, and only a text key: never bytes or other objects. */
  @Test
  void theMessageKeyIsTaggedWhenOptedInAndOnlyAsText() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    KafkaTracing withKeys = KafkaTracing.create(MessagingTracing.newBuilder(checkout).recordMessageKey(true).build());
    withKeys.producer(fixture.producer(Map.of())).send(new ProducerRecord<>(fixture.topic, "order-7", "{}"))
        .get(30, TimeUnit.SECONDS);
    try (KafkaProducer<byte[], String> bytesKeyed = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers), new ByteArraySerializer(),
        new StringSerializer())) {
      withKeys.producer(bytesKeyed).send(new ProducerRecord<>(fixture.topic, "order-8".getBytes(UTF_8), "{}"))
          .get(30, TimeUnit.SECONDS);
    }
    KafkaTracing.create(checkout).producer(fixture.producer(Map.of()))
        .send(new ProducerRecord<>(fixture.topic, "order-9", "{}")).get(30, TimeUnit.SECONDS);

    List<MutableSpan> sends = fixture.spans.spans(span -> span.kind() == SpanKind.PRODUCER);
    assertThat(sends).extracting(span -> span.tag("messaging.kafka.message.key"))
        .containsExactly("order-7", null, null);
  }

  /** Unsampled: the send is not recorded, yet the record carries the decision and the request ID on. */
  @Test
  void anUnsampledSendRecordsNothingAndStillCarriesTheMeshHeaders() throws Exception {
    Tracing unsampled = Tracing.newBuilder().serviceName("checkout").sampler(Sampler.NEVER)
        .addSpanHandler(fixture.spans).build();
    try (unsampled) {
      TraceContext request = unsampled.propagation().extract(Map.of("x-request-id", REQUEST_ID), MapCarrier.GETTER);
      Span server = unsampled.tracer().serverSpan(request, unsampled.sampler()).start();
      RecordMetadata acked;
      try (Scope scope = unsampled.tracer().withSpanInScope(server)) {
        acked = KafkaTracing.create(unsampled).producer(fixture.producer(Map.of()))
            .send(new ProducerRecord<>(fixture.topic, "quiet")).get(30, TimeUnit.SECONDS);
      } finally {
        server.finish();
      }

      ConsumerRecord<String, String> raw =
          KafkaFixture.poll(fixture.consumer("raw-" + fixture.topic), fixture.topic, 1).get(0);
      assertThat(acked.offset()).isEqualTo(raw.offset());
      assertThat(KafkaFixture.headers(raw, "x-request-id")).containsExactly(REQUEST_ID);
      assertThat(KafkaFixture.headers(raw, "x-b3-sampled")).containsExactly("0");
      assertThat(fixture.spans.spans(span -> true)).isEmpty();
    }
  }

  /**
   * A partition other than 0, on both sides, and what customizers get: the record sent, the broker's metadata, the
   * record received; the key of the received record when opted in.
   */
  @Test
  void partitionsAndTheClientsObjectsReachTagsAndCustomizers() throws Exception {
    String topic = fixture.topic + "-3";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    List<Object> unwrapped = new java.util.concurrent.CopyOnWriteArrayList<>();
    MessagingSpanCustomizer customizer = new MessagingSpanCustomizer() {
      @Override
      public void onRequest(MessagingRequest request, Span span) {
        unwrapped.add(request.unwrap());
      }

      @Override
      public void onResponse(MessagingProducerResponse response, Span span) {
        unwrapped.add(response.unwrap());
      }
    };
    Tracing checkout = fixture.tracing("checkout", Format.W3C);
    MessagingTracing messaging = MessagingTracing.newBuilder(checkout).recordMessageKey(true)
        .addCustomizer(customizer).build();
    KafkaTracing kafkaTracing = KafkaTracing.create(messaging);
    assertThat(kafkaTracing.messagingTracing()).isSameAs(messaging);

    ProducerRecord<String, String> sent = new ProducerRecord<>(topic, 2, "order-2", "{}");
    RecordMetadata acked = kafkaTracing.producer(fixture.producer(Map.of())).send(sent).get(30, TimeUnit.SECONDS);
    Consumer<String, String> consumer = fixture.consumer("billing-" + topic);
    consumer.assign(List.of(new TopicPartition(topic, 2)));
    ConsumerRecord<String, String> received = KafkaFixture.poll(consumer, topic, 1).get(0);
    Span processing = kafkaTracing.nextProcessingSpan(received);
    kafkaTracing.finishProcessingSpan(processing, null);
    try (KafkaProcessing current = kafkaTracing.startProcessing(received)) {
      assertThat(current.span().context()).isEqualTo(checkout.tracer().currentContext());
    }

    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    List<MutableSpan> processed = fixture.spans.spans(span -> span.kind() == SpanKind.CONSUMER);
    assertThat(send.tag("messaging.destination.partition.id")).isEqualTo("2");
    assertThat(processed).hasSize(2).allSatisfy(span -> {
      assertThat(span.tag("messaging.destination.partition.id")).isEqualTo("2");
      assertThat(span.tag("messaging.kafka.message.key")).isEqualTo("order-2");
    });
    assertThat(unwrapped).hasSize(4);
    assertThat(unwrapped.get(0)).isSameAs(sent);
    assertThat(unwrapped.get(1)).isInstanceOfSatisfying(RecordMetadata.class, metadata -> {
      assertThat(metadata.partition()).isEqualTo(2);
      assertThat(metadata.offset()).isEqualTo(acked.offset());
    });
    assertThat(unwrapped.subList(2, 4)).allSatisfy(request -> assertThat(request).isSameAs(received));
  }

  @Test
  void aSendWithNoCurrentContextStartsATraceThatTheConsumerJoins() throws Exception {
    Tracing checkout = fixture.tracing("checkout", Format.B3_MULTI);
    Tracing billing = fixture.tracing("billing", Format.B3_MULTI);
    KafkaTracing.create(checkout).producer(fixture.producer(Map.of()))
        .send(new ProducerRecord<>(fixture.topic, "scheduled")).get(30, TimeUnit.SECONDS);

    ConsumerRecord<String, String> record =
        KafkaFixture.poll(fixture.consumer("billing-" + fixture.topic), fixture.topic, 1).get(0);
    KafkaTracing billingKafka = KafkaTracing.create(billing);
    Span span = billingKafka.nextProcessingSpan(record, "billing", null);
    billingKafka.finishProcessingSpan(span, null);

    MutableSpan send = fixture.spans.onlySpan(SpanKind.PRODUCER);
    MutableSpan process = fixture.spans.onlySpan(SpanKind.CONSUMER);
    assertThat(send.parentId()).isZero();
    assertThat(process.traceId()).isEqualTo(send.traceId());
    assertThat(process.parentId()).isEqualTo(send.spanId());
    assertThat(process.tag("messaging.client.id")).isNull();
  }
}
