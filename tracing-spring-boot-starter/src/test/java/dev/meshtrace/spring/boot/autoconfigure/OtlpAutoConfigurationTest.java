package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.otlp.OtlpSpanHandler;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * OTLP reporting switches on from an OTLP endpoint (property or {@code OTEL_EXPORTER_OTLP_*ENDPOINT}, given here as
 * properties, which is how Spring's environment presents variables too), reports to a real grpc-java TraceService
 * or OTLP/HTTP receiver, alongside Zipkin when both are configured.
 */
class OtlpAutoConfigurationTest {
  final BlockingQueue<ExportTraceServiceRequest> grpcRequests = new LinkedBlockingQueue<>();
  final MockWebServer http = new MockWebServer();
  final MockWebServer zipkin = new MockWebServer();
  Server grpc;
  ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(ExportTraceServiceRequest request,
              StreamObserver<ExportTraceServiceResponse> response) {
            grpcRequests.add(request);
            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        }).build().start();
    http.start();
    zipkin.start();
    runner = new ApplicationContextRunner()
        .withPropertyValues("spring.application.name=books", "meshtrace.otlp.flush-interval=20ms",
            "meshtrace.zipkin.flush-interval=20ms")
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class, MeshtraceZipkinActuatorAutoConfiguration.class,
            MeshtraceOtlpAutoConfiguration.class, MeshtraceOtlpActuatorAutoConfiguration.class));
  }

  @AfterEach
  void stop() throws Exception {
    grpc.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    http.shutdown();
    zipkin.shutdown();
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + grpc.getPort();
  }

  static Span finishSpan(Tracer tracer) {
    Span span = tracer.newTrace().name("work").start();
    span.finish();
    return span;
  }

  static String serviceName(ResourceSpans resourceSpans) {
    for (KeyValue attribute : resourceSpans.getResource().getAttributesList()) {
      if (attribute.getKey().equals("service.name")) return attribute.getValue().getStringValue();
    }
    return null;
  }

  @Test
  void onlyTheOtelEndpointVariable_reportsOverGrpcAndNotToZipkin() {
    runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=" + grpcEndpoint()).run(context -> {
      assertThat(context).hasSingleBean(OtlpSpanHandler.class).doesNotHaveBean(ZipkinSpanHandler.class);
      Span span = finishSpan(context.getBean(Tracer.class));

      ExportTraceServiceRequest request = grpcRequests.poll(20, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      ResourceSpans resourceSpans = request.getResourceSpans(0);
      assertThat(serviceName(resourceSpans)).isEqualTo("books");
      io.opentelemetry.proto.trace.v1.Span otlp = resourceSpans.getScopeSpans(0).getSpans(0);
      assertThat(HexFormat.of().formatHex(otlp.getSpanId().toByteArray())).isEqualTo(span.context().spanIdString());
      assertThat(otlp.getName()).isEqualTo("work");
    });
  }

  @Test
  void httpProtobufByVariableAndHeadersByProperty() {
    http.enqueue(new MockResponse().setResponseCode(200));
    runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=" + http.url("/").toString(),
        "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "meshtrace.otlp.headers.x-api-key=s3cret").run(context -> {
          Span span = finishSpan(context.getBean(Tracer.class));

          RecordedRequest post = http.takeRequest(20, TimeUnit.SECONDS);
          assertThat(post).isNotNull();
          assertThat(post.getPath()).isEqualTo("/v1/traces");
          assertThat(post.getHeader("x-api-key")).isEqualTo("s3cret");
          assertThat(post.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
          byte[] body = new java.util.zip.GZIPInputStream(post.getBody().inputStream()).readAllBytes();
          assertThat(HexFormat.of().formatHex(ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0)
              .getScopeSpans(0).getSpans(0).getTraceId().toByteArray())).endsWith(span.context().traceIdString());
        });
  }

  @Test
  void zipkinAndOtlpAtOnceWhenBothAreConfigured() {
    zipkin.enqueue(new MockResponse().setResponseCode(202));
    runner.withPropertyValues("meshtrace.otlp.endpoint=" + grpcEndpoint(),
        "meshtrace.zipkin.endpoint=" + zipkin.url("/api/v2/spans")).run(context -> {
          assertThat(context).hasSingleBean(OtlpSpanHandler.class).hasSingleBean(ZipkinSpanHandler.class);
          Span span = finishSpan(context.getBean(Tracer.class));

          assertThat(grpcRequests.poll(20, TimeUnit.SECONDS)).isNotNull();
          RecordedRequest post = zipkin.takeRequest(20, TimeUnit.SECONDS);
          assertThat(post).isNotNull();
          assertThat(new String(new java.util.zip.GZIPInputStream(post.getBody().inputStream()).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8)).contains(span.context().spanIdString());
        });
  }

  @Test
  void withoutAnOtlpEndpointOnlyZipkinReports() {
    runner.run(context -> assertThat(context).doesNotHaveBean(OtlpSpanHandler.class)
        .hasSingleBean(ZipkinSpanHandler.class));
  }

  @Test
  void enabledFalseWinsOverTheVariable() {
    runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=" + grpcEndpoint(), "meshtrace.otlp.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(OtlpSpanHandler.class)
            .hasSingleBean(ZipkinSpanHandler.class));
  }

  @Test
  void aPropertyWinsOverItsVariable() {
    runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://unused.invalid:4317",
        "meshtrace.otlp.endpoint=" + grpcEndpoint()).run(context -> {
          finishSpan(context.getBean(Tracer.class));
          assertThat(grpcRequests.poll(20, TimeUnit.SECONDS)).isNotNull();
          assertThat(context.getBean(OtlpSpanHandler.class).toString()).contains(grpcEndpoint());
        });
  }

  @Test
  void aMalformedVariableFailsStartupNamingIt() {
    runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=" + grpcEndpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL=udp")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL"));
  }

  @Test
  void aMalformedPropertyFailsStartupNamingIt() {
    runner.withPropertyValues("meshtrace.otlp.endpoint=" + grpcEndpoint(), "meshtrace.otlp.retry.max-attempts=0")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("meshtrace.otlp.retry"));
  }

  @Test
  void samplerAndPropagatorsFromTheVariablesUnlessPropertiesSayOtherwise() {
    runner.withPropertyValues("OTEL_TRACES_SAMPLER=parentbased_always_off", "OTEL_PROPAGATORS=b3,tracecontext")
        .run(context -> {
          assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.NEVER);
          assertThat(context.getBean(Propagation.class).injectFormats()).containsExactlyInAnyOrder(Format.B3, Format.W3C);
          assertThat(context.getBean(Propagation.class).forwardHeaders()).doesNotContain("baggage");
        });
    runner.withPropertyValues("OTEL_TRACES_SAMPLER=always_off", "meshtrace.sampling.probability=1.0",
        "OTEL_PROPAGATORS=b3", "meshtrace.propagation.inject=w3c").run(context -> {
          assertThat(context.getBean(Sampler.class)).isSameAs(Sampler.ALWAYS);
          assertThat(context.getBean(Propagation.class).injectFormats()).containsExactly(Format.W3C);
        });
    runner.withPropertyValues("OTEL_TRACES_SAMPLER=xray").run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("OTEL_TRACES_SAMPLER"));
  }

  @Test
  void metersAndHealthForOtlp() {
    runner.withPropertyValues("meshtrace.otlp.endpoint=" + grpcEndpoint()).run(context -> {
      finishSpan(context.getBean(Tracer.class));
      assertThat(grpcRequests.poll(20, TimeUnit.SECONDS)).isNotNull();
      OtlpSpanHandler handler = context.getBean(OtlpSpanHandler.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (handler.metrics().spansSent() < 1 && System.nanoTime() < deadline) Thread.sleep(10);

      MeterRegistry registry = new SimpleMeterRegistry();
      context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
      assertThat(registry.get("meshtrace.otlp.spans.sent").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("meshtrace.otlp.spans.dropped").tag("cause", "rejected").functionCounter().count())
          .isZero();
      assertThat(ZipkinAutoConfigurationTest.status(context.getBean("meshtraceOtlpHealthIndicator")))
          .isEqualTo("UP");
    });
  }
}
