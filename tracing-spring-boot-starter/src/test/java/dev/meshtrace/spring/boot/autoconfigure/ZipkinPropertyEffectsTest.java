package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.ZipkinAutoConfigurationTest.finishSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code meshtrace.zipkin.*} properties that other tests check only by rejecting bad values, each by what it
 * does to the messages that reach a collector on a real loopback socket.
 */
class ZipkinPropertyEffectsTest {
  final MockWebServer zipkin = new MockWebServer();
  final CountDownLatch firstRequest = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    zipkin.start();
    runner = new ApplicationContextRunner()
        .withPropertyValues("meshtrace.zipkin.endpoint=" + zipkin.url("/api/v2/spans"),
            "meshtrace.zipkin.flush-interval=20ms")
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class));
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    zipkin.shutdown();
  }

  /** The collector answers nothing until {@link #release} counts down. */
  void holdRequests() {
    zipkin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        firstRequest.countDown();
        release.await(5, TimeUnit.MINUTES);
        return new MockResponse().setResponseCode(202);
      }
    });
  }

  RecordedRequest post() throws InterruptedException {
    RecordedRequest post = zipkin.takeRequest(30, TimeUnit.SECONDS);
    assertThat(post).as("a message reached the collector").isNotNull();
    return post;
  }

  @Test
  void senderUrlConnectionPostsWithTheJdksClient() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.sender=urlconnection").run(context -> {
      finishSpan(context.getBean(Tracer.class));
      assertThat(post().getHeader("User-Agent")).startsWith("Java/");
    });
  }

  @Test
  void senderOkHttpIsChosenEvenWhenTheApplicationLacksIt() {
    // This module's tests have OkHttp but not zipkin-sender-okhttp3: choosing it fails startup, naming both.
    runner.withPropertyValues("meshtrace.zipkin.sender=okhttp").run(context -> assertThat(
        StartupFailures.messages(context)).contains("meshtrace.zipkin.sender").contains("zipkin-sender-okhttp3"));
  }

  @Test
  void compressionOffPostsPlainJson() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.compression=false").run(context -> {
      Span span = finishSpan(context.getBean(Tracer.class));
      RecordedRequest post = post();
      assertThat(post.getHeader("Content-Encoding")).isNull();
      assertThat(post.getBody().readUtf8()).contains(span.context().spanIdString());
    });
  }

  @Test
  void queuedMaxSpansBoundsWhatWaitsForAHeldCollector() {
    holdRequests();
    runner.withPropertyValues("meshtrace.zipkin.queued-max-spans=1").run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
      finishSpan(tracer);
      assertThat(firstRequest.await(30, TimeUnit.SECONDS)).as("first message in flight").isTrue();
      for (int i = 0; i < 3; i++) finishSpan(tracer);

      assertThat(handler.metrics().spansDropped(DropCause.QUEUE_FULL)).isEqualTo(2);
      release.countDown();
    });
  }

  @Test
  void messageMaxBytesDropsALargerSpan() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.message-max-bytes=1024", "meshtrace.zipkin.compression=false")
        .run(context -> {
          Tracer tracer = context.getBean(Tracer.class);
          tracer.newTrace().name("large").tag("big", "x".repeat(2000)).start().finish();
          Span small = finishSpan(tracer);

          assertThat(post().getBody().readUtf8()).contains(small.context().spanIdString()).doesNotContain("xxxx");
          ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
          await("the drop counted", () -> handler.metrics().spansDropped(DropCause.TOO_LARGE) == 1);
        });
  }

  @Test
  void flushIntervalKeepsASpanBackThatLong() {
    zipkin.enqueue(new MockResponse().setResponseCode(202)); // for the span the context's shutdown delivers
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=1h").run(context -> {
      finishSpan(context.getBean(Tracer.class));
      // Longer than the 1 s default: a flush interval not applied would have sent the span by now.
      assertThat(zipkin.takeRequest(2, TimeUnit.SECONDS)).isNull();
    });
  }

  @Test
  void readTimeoutFailsASendTheCollectorAnswersLater() {
    zipkin.enqueue(new MockResponse().setResponseCode(202).setHeadersDelay(3, TimeUnit.SECONDS));
    runner.withPropertyValues("meshtrace.zipkin.read-timeout=300ms").run(context -> {
      ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
      finishSpan(context.getBean(Tracer.class));

      await("the failed send", () -> handler.metrics().messagesFailed() == 1);
      assertThat(handler.metrics().lastSendFailure()).isInstanceOf(SocketTimeoutException.class);
      assertThat(handler.metrics().spansSent()).isZero();
    });
  }

  @Test
  void closeTimeoutIsHowLongShutdownWaitsForTheCollector() {
    holdRequests();
    runner.withPropertyValues("meshtrace.zipkin.close-timeout=10m").run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
      finishSpan(tracer);
      assertThat(firstRequest.await(30, TimeUnit.SECONDS)).as("first message in flight").isTrue();
      finishSpan(tracer);

      CompletableFuture<Void> closed = CompletableFuture.runAsync(
          ((ConfigurableApplicationContext) context.getSourceApplicationContext())::close);
      // Longer than the 5 s default: a close-timeout not applied would have given up by now.
      assertThatThrownBy(() -> closed.get(6, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      release.countDown();
      closed.get(1, TimeUnit.MINUTES);
      assertThat(handler.metrics().spansSent()).isEqualTo(2);
      assertThat(handler.metrics().spansDropped()).isZero();
    });
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
