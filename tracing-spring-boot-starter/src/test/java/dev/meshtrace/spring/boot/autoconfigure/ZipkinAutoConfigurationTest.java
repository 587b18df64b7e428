package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ZipkinAutoConfigurationTest {
  final MockWebServer zipkin = new MockWebServer();
  ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    zipkin.start();
    runner = new ApplicationContextRunner()
        .withPropertyValues("spring.application.name=books", "meshtrace.zipkin.endpoint=" + zipkin.url("/api/v2/spans"))
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class, MeshtraceZipkinActuatorAutoConfiguration.class));
  }

  @AfterEach
  void stop() throws IOException {
    zipkin.shutdown();
  }

  @Test
  void spansArePostedToTheEndpoint() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=50ms", "meshtrace.zipkin.compression=false")
        .run(context -> {
          Span span = finishSpan(context.getBean(Tracer.class));
          RecordedRequest post = zipkin.takeRequest(10, TimeUnit.SECONDS);
          assertThat(post.getMethod()).isEqualTo("POST");
          assertThat(post.getPath()).isEqualTo("/api/v2/spans");
          assertThat(post.getHeader("Content-Type")).startsWith("application/json");
          assertThat(post.getBody().readUtf8()).contains("\"traceId\":\"" + span.context().traceIdString() + "\"")
              .contains("\"serviceName\":\"books\"");
        });
  }

  @Test
  void proto3CanBeChosen() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=50ms", "meshtrace.zipkin.encoding=proto3")
        .run(context -> {
          finishSpan(context.getBean(Tracer.class));
          assertThat(zipkin.takeRequest(10, TimeUnit.SECONDS).getHeader("Content-Type"))
              .isEqualTo("application/x-protobuf");
        });
  }

  @Test
  void contextShutdownDeliversWhatIsQueued() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=1h", "meshtrace.zipkin.compression=false")
        .run(context -> {
          Span span = finishSpan(context.getBean(Tracer.class));
          assertThat(zipkin.takeRequest(300, TimeUnit.MILLISECONDS)).as("nothing before shutdown").isNull();
          ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
          RecordedRequest post = zipkin.takeRequest(10, TimeUnit.SECONDS);
          assertThat(post).isNotNull();
          assertThat(post.getBody().readUtf8()).contains(span.context().spanIdString());
        });
  }

  @Test
  void contextShutdownWithTheBackendHangingCountsEverySpanBeforeItReturns() {
    zipkin.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=20ms", "meshtrace.zipkin.close-timeout=300ms")
        .run(context -> {
          ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
          finishSpan(context.getBean(Tracer.class));
          assertThat(zipkin.takeRequest(10, TimeUnit.SECONDS)).as("a message the backend never answers").isNotNull();
          for (int i = 0; i < 49; i++) finishSpan(context.getBean(Tracer.class));

          ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();

          assertThat(handler.metrics().spansQueued()).isZero();
          assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(50);
        });
  }

  @Test
  void closingTheContextClosesTracingWhichClosesTheReporter() {
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=1h").run(context -> {
      Tracing tracing = context.getBean(Tracing.class);
      ZipkinSpanHandler reporter = context.getBean(ZipkinSpanHandler.class);

      ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();

      assertThat(tracing.isClosed()).isTrue();
      Span late = finishSpan(tracing.tracer());
      assertThat(tracing.spansDroppedAfterClose()).isEqualTo(1);
      // The reporter itself was closed: a span handed to it directly is dropped as CLOSED, not queued.
      reporter.end(late.context(), new MutableSpan().ids(late.context()));
      assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(1);
      assertThat(reporter.metrics().spansQueued()).isZero();
    });
  }

  @Test
  void switchedOffOrReplaced() {
    runner.withPropertyValues("meshtrace.zipkin.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(Tracing.class).doesNotHaveBean(ZipkinSpanHandler.class));
    runner.withPropertyValues("meshtrace.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ZipkinSpanHandler.class));
    runner.withUserConfiguration(OwnHandler.class).run(context -> assertThat(context)
        .getBeans(ZipkinSpanHandler.class).containsOnlyKeys("ownHandler"));
  }

  @Test
  void reporterCountersAreMeters() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=50ms").run(context -> {
      MeterRegistry registry = new SimpleMeterRegistry();
      context.getBean(MeterBinder.class).bindTo(registry);
      finishSpan(context.getBean(Tracer.class));
      assertThat(zipkin.takeRequest(10, TimeUnit.SECONDS).getHeader("Content-Encoding")).isEqualTo("gzip");
      awaitCount(registry, "meshtrace.zipkin.spans.sent", 1);
      assertThat(registry.get("meshtrace.zipkin.spans.reported").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("meshtrace.zipkin.messages.sent").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("meshtrace.zipkin.spans.dropped").tag("cause", "send_failed").functionCounter()
          .count()).isZero();
      assertThat(registry.get("meshtrace.zipkin.spans.queued").gauge().value()).isZero();
    });
  }

  @Test
  void healthIsDownWhileTheBackendKeepsFailingAndUpOnceItAccepts() {
    zipkin.enqueue(new MockResponse().setResponseCode(503));
    zipkin.enqueue(new MockResponse().setResponseCode(503));
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    // Retries off: each failed message counts at once (tracing-zipkin's ZipkinRetryTest covers retries).
    runner.withPropertyValues("meshtrace.zipkin.flush-interval=20ms", "meshtrace.zipkin.retry.max-attempts=1")
        .run(context -> {
      Object indicator = context.getBean("meshtraceHealthIndicator");
      ZipkinSpanHandler handler = context.getBean(ZipkinSpanHandler.class);
      Tracer tracer = context.getBean(Tracer.class);
      assertThat(status(indicator)).isEqualTo("UP");

      finishSpan(tracer);
      zipkin.takeRequest(10, TimeUnit.SECONDS);
      awaitMessages(handler, 0, 1);
      assertThat(status(indicator)).isEqualTo("DOWN");
      finishSpan(tracer);
      zipkin.takeRequest(10, TimeUnit.SECONDS);
      awaitMessages(handler, 0, 2);
      assertThat(status(indicator)).as("still failing").isEqualTo("DOWN");
      assertThat(String.valueOf(BootGeneration.call(BootGeneration.call(indicator, "health"), "getDetails")))
          .contains("messagesFailed=2").contains("503");

      finishSpan(tracer);
      zipkin.takeRequest(10, TimeUnit.SECONDS);
      awaitMessages(handler, 1, 2);
      assertThat(status(indicator)).isEqualTo("UP");
    });
  }

  @Test
  void healthFollowsAnUnreachableBackendAndCanBeSwitchedOff() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("meshtrace.zipkin.endpoint=http://127.0.0.1:" + closedPort + "/api/v2/spans",
        "meshtrace.zipkin.flush-interval=20ms", "meshtrace.zipkin.retry.max-attempts=1").run(context -> {
          finishSpan(context.getBean(Tracer.class));
          awaitMessages(context.getBean(ZipkinSpanHandler.class), 0, 1);
          assertThat(status(context.getBean("meshtraceHealthIndicator"))).isEqualTo("DOWN");
        });
    runner.withPropertyValues("management.health.meshtrace.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(ZipkinSpanHandler.class)
            .doesNotHaveBean("meshtraceHealthIndicator"));
  }

  static Span finishSpan(Tracer tracer) {
    Span span = tracer.newTrace().name("work").start();
    span.finish();
    return span;
  }

  /** The status code of a health indicator of either Boot generation. */
  static String status(Object indicator) {
    return String.valueOf(BootGeneration.call(BootGeneration.call(BootGeneration.call(indicator, "health"),
        "getStatus"), "getCode"));
  }

  static void awaitMessages(ZipkinSpanHandler handler, long sent, long failed) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((handler.metrics().messagesSent() < sent || handler.metrics().messagesFailed() < failed)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(handler.metrics().messagesSent()).isEqualTo(sent);
    assertThat(handler.metrics().messagesFailed()).isEqualTo(failed);
  }

  static void awaitCount(MeterRegistry registry, String name, double count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (registry.get(name).functionCounter().count() < count && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(registry.get(name).functionCounter().count()).isEqualTo(count);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHandler {
    @Bean
    ZipkinSpanHandler ownHandler() {
      return ZipkinSpanHandler.create("http://127.0.0.1:9/api/v2/spans");
    }
  }
}
