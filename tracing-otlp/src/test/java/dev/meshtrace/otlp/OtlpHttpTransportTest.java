package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.RetryPolicy;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OTLP/HTTP against a real receiver: headers, compression, the retry rules and partial success. */
class OtlpHttpTransportTest {
  final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  OtlpSpanHandler.Builder builder() {
    return OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF).endpoint(receiver.tracesUrl())
        .flushInterval(Duration.ofMillis(20)).retry(OtlpGrpcTest.FAST_RETRY);
  }

  @Test
  void headersAndNoCompression() {
    try (OtlpSpanHandler handler = builder().header("x-honeycomb-team", "k3y").compression(false).build()) {
      Spans.report(handler, 1, 1);

      OtlpHttpReceiver.Received received = receiver.take();
      assertThat(received.header("x-honeycomb-team")).isEqualTo("k3y");
      assertThat(received.header("Content-Encoding")).isNull();
      assertThat(OtlpMappingTest.onlySpan(OtlpHttpReceiver.fromProto(received.body())).getName()).isEqualTo("span-1");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retryableStatusesAreRetriedHonouringRetryAfter(int status) {
    try (OtlpSpanHandler handler = builder()
        .retry(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30), 1)).build()) {
      // Without Retry-After the backoff would be up to 30 s; "0" makes the retry immediate.
      receiver.answer(new OtlpHttpReceiver.Answer(status, Map.of("Retry-After", "0"), new byte[0], 0));
      Spans.report(handler, 1, 1);

      receiver.take();
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");
      Spans.await("sent", () -> handler.metrics().spansSent() == 1);
      assertThat(handler.metrics().messagesFailed()).isZero();
    }
  }

  @Test
  void retryAfterAsAnHttpDate() {
    // An hour's backoff: only the collector's Retry-After can make the retry come sooner.
    try (OtlpSpanHandler handler = builder()
        .retry(new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), 1)).build()) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      receiver.answer(new OtlpHttpReceiver.Answer(503, Map.of("Retry-After", httpDate(now.minusSeconds(10))),
          new byte[0], 0)); // a date already past: retry at once
      Spans.report(handler, 1, 1);
      receiver.take();
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");

      receiver.answer(new OtlpHttpReceiver.Answer(503, Map.of("Retry-After", httpDate(now.plusHours(1))),
          new byte[0], 0)); // an hour from now: a lower bound, checked for 2 s
      Spans.report(handler, 2, 1);
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-2");
      assertThat(receiver.poll(Duration.ofSeconds(2))).as("retried before the date").isNull();
      handler.close(Duration.ZERO);
    }
  }

  static String httpDate(ZonedDateTime time) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(time);
  }

  @Test
  void badRequestIsNotRetried() {
    try (OtlpSpanHandler handler = builder().build()) {
      receiver.answer(OtlpHttpReceiver.Answer.status(400));
      Spans.report(handler, 1, 1);

      receiver.take();
      Spans.await("failed", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
      assertThat(handler.metrics().lastSendFailure()).hasMessageContaining("HTTP 400");
      Spans.report(handler, 2, 1);
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-2");
    }
  }

  @Test
  void attemptsAreBounded() {
    try (OtlpSpanHandler handler = builder().build()) {
      for (int i = 0; i < 5; i++) receiver.answer(OtlpHttpReceiver.Answer.status(503));
      Spans.report(handler, 1, 1);

      Spans.await("failed", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
      assertThat(receiver.all()).hasSize(5);
      assertThat(handler.metrics().lastSendFailure()).hasMessageContaining("HTTP 503");
      assertThat(handler.metrics().sendRetries()).isEqualTo(4);
    }
  }

  /**
   * messageMaxBytes bounds the whole request as it reaches the collector, OTLP/JSON's object around its array
   * included: a span whose request is exactly that long is sent, one a byte longer is dropped as too large, and the
   * bytes counted as sent are the request's.
   */
  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void messageMaxBytesIsTheLargestRequestSent(OtlpProtocol protocol) {
    int requestBytes;
    try (OtlpSpanHandler handler = builder().protocol(protocol).compression(false).build()) {
      handler.end(null, Spans.span(1).tag("payload", "x".repeat(1500)));
      requestBytes = receiver.take().body().length;
    }
    try (OtlpSpanHandler handler = builder().protocol(protocol).compression(false).messageMaxBytes(requestBytes)
        .build()) {
      handler.end(null, Spans.span(2).tag("payload", "x".repeat(1501)));
      handler.end(null, Spans.span(3).tag("payload", "x".repeat(1500)));

      Spans.await(() -> "settled: " + handler.metrics(), () -> OtlpGrpcTest.settled(handler) == 2);
      assertThat(handler.metrics().spansDropped(DropCause.TOO_LARGE)).isOne();
      OtlpHttpReceiver.Received received = receiver.take();
      assertThat(OtlpMappingTest.onlySpan(received.request()).getName()).isEqualTo("span-3");
      assertThat(received.body()).hasSize(requestBytes);
      assertThat(handler.metrics().bytesSent()).isEqualTo(requestBytes);
    }
  }

  /**
   * Spans share a request up to exactly messageMaxBytes, not a byte more, in both encodings. The flush interval is
   * long, so a request sent before it is one the reporter found full.
   */
  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void spansShareARequestUpToExactlyMessageMaxBytes(OtlpProtocol protocol) {
    int twoSpanBytes;
    try (OtlpSpanHandler handler = twoSpanRequests(protocol).build()) {
      reportTwoSpans(handler);
      OtlpHttpReceiver.Received both = receiver.take();
      assertThat(spanCount(both.request())).isEqualTo(2);
      twoSpanBytes = both.body().length;
    }
    try (OtlpSpanHandler handler = twoSpanRequests(protocol).messageMaxBytes(twoSpanBytes).build()) {
      reportTwoSpans(handler);
      OtlpHttpReceiver.Received both = receiver.take();
      assertThat(spanCount(both.request())).isEqualTo(2);
      assertThat(both.body()).hasSize(twoSpanBytes);
    }
    try (OtlpSpanHandler handler = twoSpanRequests(protocol).messageMaxBytes(twoSpanBytes - 1).build()) {
      reportTwoSpans(handler);
      for (int i = 0; i < 2; i++) {
        OtlpHttpReceiver.Received one = receiver.take();
        assertThat(spanCount(one.request())).isEqualTo(1);
        assertThat(one.body().length).isLessThan(twoSpanBytes);
      }
    }
  }

  private OtlpSpanHandler.Builder twoSpanRequests(OtlpProtocol protocol) {
    return builder().protocol(protocol).compression(false).flushInterval(Duration.ofSeconds(2));
  }

  private static void reportTwoSpans(OtlpSpanHandler handler) {
    handler.end(null, Spans.span(1).tag("payload", "x".repeat(600)));
    handler.end(null, Spans.span(2).tag("payload", "y".repeat(600)));
  }

  private static int spanCount(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream().flatMap(resource -> resource.getScopeSpansList().stream())
        .mapToInt(scope -> scope.getSpansCount()).sum();
  }

  @Test
  void partialSuccessInProtobufAndJson() {
    byte[] protoBody = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
        ExportTracePartialSuccess.newBuilder().setRejectedSpans(1).setErrorMessage("too old")).build().toByteArray();
    try (OtlpSpanHandler handler = builder().build()) {
      receiver.answer(new OtlpHttpReceiver.Answer(200, Map.of("Content-Type", "application/x-protobuf"),
          protoBody, 0));
      Spans.report(handler, 1, 1);
      receiver.take();
      Spans.await("rejected", () -> handler.metrics().spansDropped(DropCause.REJECTED) == 1);
      assertThat(handler.metrics().spansSent()).isZero();
    }
    byte[] jsonBody = "{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"too old\"}}"
        .getBytes(StandardCharsets.UTF_8);
    try (OtlpSpanHandler handler = builder().protocol(OtlpProtocol.HTTP_JSON).build()) {
      receiver.answer(new OtlpHttpReceiver.Answer(200, Map.of("Content-Type", "application/json"), jsonBody, 0));
      Spans.report(handler, 1, 1);
      receiver.take();
      Spans.await("rejected", () -> handler.metrics().spansDropped(DropCause.REJECTED) == 1);
      assertThat(handler.metrics().spansSent()).isZero();
    }
  }
}
