package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracing;
import dev.meshtrace.reporting.ReportingMetrics;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

class ZipkinSpanHandlerTest {
  final TestCollector collector = TestCollector.start();

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  @Test
  void reportsWhatTracingRecords() throws Exception {
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint())
        .flushInterval(Duration.ofMillis(50)).build()) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews").localIp("10.0.0.5").addSpanHandler(handler)
          .build();
      Span server = tracing.tracer().newTrace().kind(SpanKind.SERVER).name("get /reviews").start();
      Span client = tracing.tracer().nextSpan(server.context()).kind(SpanKind.CLIENT).name("get /ratings")
          .remoteServiceName("ratings").tag("http.path", "/ratings/0").start();
      client.finish();
      server.finish();

      var spans = collector.awaitSpans(2);
      assertThat(spans).extracting(s -> s.name()).containsExactly("get /ratings", "get /reviews");
      zipkin2.Span clientSpan = spans.get(0);
      assertThat(clientSpan.traceId()).isEqualTo(server.context().traceIdString());
      assertThat(clientSpan.parentId()).isEqualTo(server.context().spanIdString());
      assertThat(clientSpan.localEndpoint().serviceName()).isEqualTo("reviews");
      assertThat(clientSpan.localEndpoint().ipv4()).isEqualTo("10.0.0.5");
      assertThat(clientSpan.remoteServiceName()).isEqualTo("ratings");
      assertThat(clientSpan.tags()).containsEntry("http.path", "/ratings/0");
      assertThat(collector.contentTypes()).allMatch(type -> type.equals("application/json"));
      assertThat(collector.contentEncodings()).as("compressed by default").containsOnly("gzip");
      assertThat(handler.metrics().spansReported()).isEqualTo(2);
    }
  }

  @Test
  void proto3() throws Exception {
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint())
        .encoding(Encoding.PROTO3).flushInterval(Duration.ofMillis(50)).build()) {
      for (int i = 1; i <= 3; i++) handler.end(null, ZipkinSpanHandlerFaultTest.span(i));

      assertThat(collector.awaitSpans(3)).extracting(s -> s.name()).containsExactly("span-1", "span-2", "span-3");
      assertThat(collector.contentTypes()).containsOnly("application/x-protobuf");
    }
  }

  @Test
  void uncompressedMessagesAreAcceptedToo() throws Exception {
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint())
        .compression(false).flushInterval(Duration.ofMillis(50)).build()) {
      handler.end(null, ZipkinSpanHandlerFaultTest.span(1));

      assertThat(collector.awaitSpans(1)).hasSize(1);
      assertThat(collector.contentEncodings()).containsExactly("identity");
    }
  }

  @Test
  void metricsAddUp() throws Exception {
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint())
        .flushInterval(Duration.ofMillis(50)).build()) {
      for (int i = 1; i <= 20; i++) handler.end(null, ZipkinSpanHandlerFaultTest.span(i));
      collector.awaitSpans(20);
      ZipkinSpanHandlerFaultTest.await("sent", () -> handler.metrics().spansSent() == 20);

      ReportingMetrics metrics = handler.metrics();
      assertThat(metrics.spansReported()).isEqualTo(20);
      assertThat(metrics.spansQueued()).isZero();
      assertThat(metrics.spansDropped()).isZero();
      assertThat(metrics.messagesSent()).isBetween(1L, 20L);
      assertThat(metrics.messagesFailed()).isZero();
      assertThat(metrics.bytesSent()).isPositive();
      assertThat(metrics.toString()).contains("reported=20", "sent=20");
    }
  }

  @Test
  void spansWithoutIdsAreIgnored() {
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.create(collector.endpoint())) {
      assertThat(handler.end(null, new MutableSpan().name("no ids"))).isTrue();

      assertThat(handler.metrics().spansReported()).isZero();
    }
  }

  @Test
  void acceptsASenderOfItsOwn() throws Exception {
    URLConnectionSender sender = URLConnectionSender.newBuilder().endpoint(collector.endpoint()).build();
    try (ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().sender(sender)
        .flushInterval(Duration.ofMillis(50)).build()) {
      handler.end(null, ZipkinSpanHandlerFaultTest.span(1));

      assertThat(collector.awaitSpans(1)).hasSize(1);
      assertThat(handler).hasToString("ZipkinSpanHandler{" + sender + "}");
    }
  }

  @Test
  void autoChoosesOkHttpWhenTheApplicationHasItElseHttpUrlConnection() {
    assertThat(HttpSenders.okHttpAvailable()).isTrue(); // this module's tests have it
    assertThat(HttpSenders.resolve(SenderType.AUTO, true)).isEqualTo(SenderType.OKHTTP);
    assertThat(HttpSenders.resolve(SenderType.AUTO, false)).isEqualTo(SenderType.URL_CONNECTION);
    assertThat(HttpSenders.resolve(SenderType.URL_CONNECTION, true)).isEqualTo(SenderType.URL_CONNECTION);
    assertThatThrownBy(() -> HttpSenders.resolve(SenderType.OKHTTP, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sender OKHTTP needs io.zipkin.reporter2:zipkin-sender-okhttp3");
  }

  @SuppressWarnings("deprecation") // THRIFT: deprecated by zipkin-reporter, rejected by us
  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("endpoint", b -> b.endpoint("localhost:9411/api/v2/spans")),
        bad("endpoint", b -> b.endpoint("ftp://zipkin/api/v2/spans")),
        bad("endpoint", b -> b.endpoint("http://")),
        bad("endpoint", b -> b.endpoint(null)),
        bad("encoding", b -> b.encoding(Encoding.THRIFT)),
        bad("encoding", b -> b.encoding(null)),
        bad("sender", b -> b.sender((SenderType) null)),
        bad("encoding", b -> b.sender(URLConnectionSender.newBuilder().endpoint("http://zipkin:9411/api/v2/spans")
            .encoding(Encoding.THRIFT).build())),
        bad("flushInterval", b -> b.flushInterval(Duration.ZERO)),
        bad("flushInterval", b -> b.flushInterval(null)),
        bad("connectTimeout", b -> b.connectTimeout(Duration.ofMillis(-5))),
        bad("readTimeout", b -> b.readTimeout(Duration.ZERO)),
        bad("closeTimeout", b -> b.closeTimeout(Duration.ofSeconds(-1))),
        bad("queuedMaxSpans", b -> b.queuedMaxSpans(0)),
        bad("messageMaxBytes", b -> b.messageMaxBytes(100)));
  }

  static Arguments bad(String setting, Consumer<ZipkinSpanHandler.Builder> configure) {
    return Arguments.of(setting, configure);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void badSettingFailsFastNamingIt(String setting, Consumer<ZipkinSpanHandler.Builder> configure) {
    assertThatThrownBy(() -> configure.accept(ZipkinSpanHandler.newBuilder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting + " ");
  }

  @Test
  void theSmallestAllowedValuesAreAccepted() {
    ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint())
        .queuedMaxSpans(1).messageMaxBytes(1024).flushInterval(Duration.ofMillis(1))
        .connectTimeout(Duration.ofMillis(1)).readTimeout(Duration.ofMillis(1)).closeTimeout(Duration.ZERO).build();

    assertThat(handler.close(Duration.ZERO)).isTrue();
  }

  @Test
  void endpointMessageShowsTheBadValueAndAnExample() {
    assertThatThrownBy(() -> ZipkinSpanHandler.newBuilder().endpoint("zipkin:9411"))
        .hasMessage("endpoint must be an absolute http or https URL such as http://localhost:9411/api/v2/spans, "
            + "was 'zipkin:9411'");
  }

  @Test
  void defaultsNeedNothingRunning() {
    ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().build();

    assertThat(handler).hasToString("ZipkinSpanHandler{" + ZipkinSpanHandler.DEFAULT_ENDPOINT + "}");
    assertThat(handler.close(Duration.ofSeconds(1))).isTrue();
  }
}
