package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.OtlpAutoConfigurationTest.finishSpan;
import static dev.meshtrace.spring.boot.autoconfigure.ZipkinPropertyEffectsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.otlp.OtlpSpanHandler;
import dev.meshtrace.reporting.DropCause;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code meshtrace.otlp.*} properties no other test checks by their effect, each by what reaches an OTLP/HTTP
 * receiver on a real loopback socket (or what the handler counts when it cannot).
 */
class OtlpPropertyEffectsTest {
  final MockWebServer collector = new MockWebServer();
  final CountDownLatch firstRequest = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    collector.start();
    runner = new ApplicationContextRunner()
        .withPropertyValues("meshtrace.otlp.endpoint=" + collector.url("/v1/traces"), "meshtrace.otlp.protocol=http/protobuf",
            "meshtrace.otlp.flush-interval=20ms", "meshtrace.zipkin.enabled=false")
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class, MeshtraceOtlpAutoConfiguration.class));
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    collector.shutdown();
  }

  RecordedRequest post() throws InterruptedException {
    RecordedRequest post = collector.takeRequest(30, TimeUnit.SECONDS);
    assertThat(post).as("a message reached the collector").isNotNull();
    return post;
  }

  @Test
  void protocolHttpProtobufPostsProtobufToTheEndpoint() {
    collector.enqueue(new MockResponse().setResponseCode(200));
    runner.run(context -> {
      finishSpan(context.getBean(Tracer.class));
      RecordedRequest post = post();
      assertThat(post.getPath()).isEqualTo("/v1/traces");
      assertThat(post.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    });
  }

  @Test
  void compressionOffPostsThePlainMessage() {
    collector.enqueue(new MockResponse().setResponseCode(200));
    runner.withPropertyValues("meshtrace.otlp.compression=false").run(context -> {
      Span span = finishSpan(context.getBean(Tracer.class));
      RecordedRequest post = post();
      assertThat(post.getHeader("Content-Encoding")).isNull();
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(post.getBody().readByteArray());
      assertThat(HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId()
          .toByteArray())).isEqualTo(span.context().spanIdString());
    });
  }

  @Test
  void timeoutFailsAnExportTheCollectorAnswersLater() {
    collector.enqueue(new MockResponse().setResponseCode(200).setHeadersDelay(3, TimeUnit.SECONDS));
    runner.withPropertyValues("meshtrace.otlp.timeout=300ms", "meshtrace.otlp.retry.max-attempts=1")
        .run(context -> {
          OtlpSpanHandler handler = context.getBean(OtlpSpanHandler.class);
          finishSpan(context.getBean(Tracer.class));

          await("the failed export", () -> handler.metrics().messagesFailed() == 1);
          // OkHttp's "timeout" or the JDK client's "timed out", whichever transport is on the class path.
          assertThat(String.valueOf(handler.metrics().lastSendFailure())).containsAnyOf("timeout", "timed out");
          assertThat(handler.metrics().spansSent()).isZero();
        });
  }

  @Test
  void queuedMaxSpansBoundsWhatWaitsForAHeldCollector() {
    collector.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        firstRequest.countDown();
        release.await(5, TimeUnit.MINUTES);
        return new MockResponse().setResponseCode(200);
      }
    });
    runner.withPropertyValues("meshtrace.otlp.queued-max-spans=1").run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      finishSpan(tracer);
      assertThat(firstRequest.await(30, TimeUnit.SECONDS)).as("first message in flight").isTrue();
      for (int i = 0; i < 3; i++) finishSpan(tracer);

      assertThat(context.getBean(OtlpSpanHandler.class).metrics().spansDropped(DropCause.QUEUE_FULL)).isEqualTo(2);
      release.countDown();
    });
  }

  @Test
  void messageMaxBytesDropsALargerSpan() {
    collector.enqueue(new MockResponse().setResponseCode(200));
    runner.withPropertyValues("meshtrace.otlp.message-max-bytes=1024").run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      tracer.newTrace().name("large").tag("big", "x".repeat(2000)).start().finish();
      finishSpan(tracer);

      post();
      OtlpSpanHandler handler = context.getBean(OtlpSpanHandler.class);
      await("the drop counted", () -> handler.metrics().spansDropped(DropCause.TOO_LARGE) == 1);
      await("the small span sent", () -> handler.metrics().spansSent() == 1);
    });
  }

  @Test
  void retryMaxAttemptsIsHowOftenAMessageIsTried() {
    for (int i = 0; i < 3; i++) collector.enqueue(new MockResponse().setResponseCode(503));
    runner.withPropertyValues("meshtrace.otlp.retry.max-attempts=2", "meshtrace.otlp.retry.initial-backoff=1ms",
        "meshtrace.otlp.retry.max-backoff=1ms").run(context -> {
          OtlpSpanHandler handler = context.getBean(OtlpSpanHandler.class);
          finishSpan(context.getBean(Tracer.class));

          await("the failed export", () -> handler.metrics().messagesFailed() == 1);
          assertThat(collector.getRequestCount()).isEqualTo(2);
          assertThat(handler.metrics().sendRetries()).isOne();
        });
  }

  @Test
  void retryMaxBackoffCapsTheCollectorsRetryAfter() {
    collector.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"));
    collector.enqueue(new MockResponse().setResponseCode(200));
    runner.withPropertyValues("meshtrace.otlp.retry.initial-backoff=1ms", "meshtrace.otlp.retry.max-backoff=1ms")
        .run(context -> {
          finishSpan(context.getBean(Tracer.class));
          post();
          post(); // an hour later without the cap
          OtlpSpanHandler handler = context.getBean(OtlpSpanHandler.class);
          await("the span sent", () -> handler.metrics().spansSent() == 1);
        });
  }

  @Test
  void retryInitialBackoffIsTheFirstWait() {
    collector.enqueue(new MockResponse().setResponseCode(503));
    collector.enqueue(new MockResponse().setResponseCode(200));
    runner.withPropertyValues("meshtrace.otlp.retry.initial-backoff=1h", "meshtrace.otlp.retry.max-backoff=1h",
        "meshtrace.otlp.close-timeout=0s").run(context -> {
          finishSpan(context.getBean(Tracer.class));
          post();
          // The default (a random wait below 1 s) would have tried again by now; a random wait below an hour
          // that ends within these 2 s has one chance in 1800.
          assertThat(collector.takeRequest(2, TimeUnit.SECONDS)).isNull();
        });
  }

  @Test
  void retryMultiplierIsHowFastTheWaitGrows() {
    for (int i = 0; i < 6; i++) collector.enqueue(new MockResponse().setResponseCode(503));
    runner.withPropertyValues("meshtrace.otlp.retry.max-attempts=6", "meshtrace.otlp.retry.initial-backoff=100ms",
        "meshtrace.otlp.retry.max-backoff=1h", "meshtrace.otlp.retry.multiplier=10",
        "meshtrace.otlp.close-timeout=0s").run(context -> {
          finishSpan(context.getBean(Tracer.class));
          for (int attempt = 1; attempt <= 3; attempt++) post(); // after random waits below 100 ms and 1 s
          // The next waits are random below 10 s, 100 s and 1000 s: all three ending within 3 s has about one
          // chance in 37,000 (0.3 × 0.03 × 0.003). With the default multiplier (1.5) they would be below 225, 338
          // and 506 ms.
          int more = 0;
          while (more < 3 && collector.takeRequest(3, TimeUnit.SECONDS) != null) more++;
          assertThat(more).as("attempts 4 to 6 made").isLessThan(3);
        });
  }
}
