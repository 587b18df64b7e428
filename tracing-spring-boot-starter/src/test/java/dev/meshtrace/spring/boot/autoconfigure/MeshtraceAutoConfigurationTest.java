package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.ScopeDecorator;
import dev.meshtrace.Span;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpServerHandler;
import dev.meshtrace.http.HttpServerResponse;
import dev.meshtrace.http.HttpSpanCustomizer;
import dev.meshtrace.http.HttpRequest;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.spring.boot.logging.MdcScopeDecorator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class MeshtraceAutoConfigurationTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";
  static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class));

  @Test
  void defaultsRecordEverySpanAndForwardB3AndW3c() {
    runner.withPropertyValues("spring.application.name=reviews").withUserConfiguration(Collector.class)
        .run(context -> {
          assertThat(context).hasSingleBean(Tracing.class).hasSingleBean(Tracer.class)
              .hasSingleBean(HttpTracing.class).hasSingleBean(MdcScopeDecorator.class);
          Tracing tracing = context.getBean(Tracing.class);
          assertThat(context.getBean(Tracer.class)).isSameAs(tracing.tracer());
          assertThat(tracing.serviceName()).isEqualTo("reviews");
          assertThat(tracing.mode()).isEqualTo(Mode.RECORD);
          assertThat(tracing.sampler()).isSameAs(Sampler.ALWAYS);

          Map<String, String> outbound = callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "b3", TRACE_ID + "-" + CALLER_SPAN_ID, "x-request-id", REQUEST_ID));

          MutableSpan server = context.getBean(InMemorySpanCollector.class).spans().get(0);
          assertThat(server.localServiceName()).isEqualTo("reviews");
          assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
          assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
          assertThat(outbound)
              .containsEntry("b3", TRACE_ID + "-" + server.spanIdString() + "-1-" + CALLER_SPAN_ID)
              .containsEntry("x-b3-traceid", TRACE_ID)
              .containsEntry("x-b3-spanid", server.spanIdString())
              .containsEntry("traceparent", "00-" + TRACE_ID + "-" + server.spanIdString() + "-01")
              .containsEntry("x-request-id", REQUEST_ID);
        });
  }

  @Test
  void serviceNameFallsBackToUnknownAndPropertyOverridesApplicationName() {
    runner.run(context -> assertThat(context.getBean(Tracing.class).serviceName()).isEqualTo("unknown"));
    runner.withPropertyValues("spring.application.name=reviews", "meshtrace.service-name=reviews-v2")
        .run(context -> assertThat(context.getBean(Tracing.class).serviceName()).isEqualTo("reviews-v2"));
  }

  @Test
  void disabledInstallsNothing() {
    runner.withPropertyValues("meshtrace.enabled=false")
        .withConfiguration(AutoConfigurations.of(MeshtraceTaskExecutionAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(Tracing.class).doesNotHaveBean(Tracer.class).doesNotHaveBean(HttpTracing.class)
            .doesNotHaveBean(Propagation.class).doesNotHaveBean(CurrentTraceContext.class)
            .doesNotHaveBean(MdcScopeDecorator.class).doesNotHaveBean(MeshtraceTaskDecorator.class));
  }

  @Test
  void forwardModeForwardsHeadersByteForByteAddsTheMissingFormatsAndRecordsNothing() {
    runner.withPropertyValues("meshtrace.mode=forward").withUserConfiguration(Collector.class).run(context -> {
      assertThat(context.getBean(Tracing.class).mode()).isEqualTo(Mode.FORWARD);
      String b3 = TRACE_ID + "-" + CALLER_SPAN_ID + "-1";
      Map<String, String> outbound = callUnderServerSpan(context.getBean(HttpTracing.class),
          new FakeServerRequest("/books/1", "b3", b3, "x-request-id", REQUEST_ID));
      // b3 as it came; the configured X-B3-* and W3C did not arrive: added with the same IDs and decision
      assertThat(outbound).containsOnly(Map.entry("b3", b3), Map.entry("x-request-id", REQUEST_ID),
          Map.entry("x-b3-traceid", TRACE_ID), Map.entry("x-b3-spanid", CALLER_SPAN_ID), Map.entry("x-b3-sampled", "1"),
          Map.entry("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01"));
      assertThat(context.getBean(InMemorySpanCollector.class).spans()).isEmpty();
    });
  }

  @Test
  void probabilityZeroSamplesNoNewTraceButStillForwards() {
    runner.withPropertyValues("meshtrace.sampling.probability=0.0").withUserConfiguration(Collector.class)
        .run(context -> {
          Map<String, String> outbound =
              callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/books/1"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans()).isEmpty();
          assertThat(outbound).containsEntry("x-b3-sampled", "0").containsKey("x-request-id");
        });
  }

  @Test
  void probabilityBetweenZeroAndOneSamplesThatShareOfTraces() {
    runner.withPropertyValues("meshtrace.sampling.probability=0.25").run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      int sampled = 0;
      for (int i = 0; i < 4000; i++) {
        if (!tracer.newTrace().isNoop()) sampled++;
      }
      assertThat(sampled).isBetween(800, 1200);
    });
  }

  @Test
  void ratePerSecondReplacesProbability() {
    runner.withPropertyValues("meshtrace.sampling.probability=0.0", "meshtrace.sampling.rate-per-second=1000")
        .run(context -> assertThat(context.getBean(Tracer.class).newTrace().isNoop()).isFalse());
    runner.withPropertyValues("meshtrace.sampling.rate-per-second=0")
        .run(context -> assertThat(context.getBean(Tracer.class).newTrace().isNoop()).isTrue());
  }

  @Test
  void extractAndInjectFormatsAreConfigurable() {
    runner.withPropertyValues("meshtrace.propagation.extract=w3c", "meshtrace.propagation.inject=b3")
        .withUserConfiguration(Collector.class).run(context -> {
          Map<String, String> outbound = callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1"));
          MutableSpan server = context.getBean(InMemorySpanCollector.class).spans().get(0);
          assertThat(server.traceIdString()).as("b3 is not read").isNotEqualTo(TRACE_ID);
          assertThat(server.parentIdString()).isNull();
          assertThat(outbound).containsKey("b3").doesNotContainKeys("x-b3-traceid", "traceparent");
          assertThat(outbound.get("b3")).startsWith(server.traceIdString() + "-" + server.spanIdString());
        });
  }

  @Test
  void forwardHeadersCanBeAddedAndRemoved() {
    runner.withPropertyValues("meshtrace.propagation.forward-headers.add=x-tenant-id",
        "meshtrace.propagation.forward-headers.remove=baggage").run(context -> {
          Map<String, String> outbound = callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "x-tenant-id", "acme", "baggage", "k=v"));
          assertThat(outbound).containsEntry("x-tenant-id", "acme").doesNotContainKey("baggage");
        });
  }

  @Test
  void requestIdGenerationCanBeSwitchedOffOrCarryTheDecision() {
    runner.withPropertyValues("meshtrace.request-id.generate=false").run(context -> {
      Map<String, String> outbound =
          callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/books/1"));
      assertThat(outbound).doesNotContainKey("x-request-id").containsKey("x-b3-traceid");
    });
    runner.withPropertyValues("meshtrace.request-id.pack-sampling-decision=true").run(context -> {
      Map<String, String> outbound =
          callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/books/1"));
      assertThat(outbound.get("x-request-id")).hasSize(36).satisfies(id -> assertThat(id.charAt(14)).isEqualTo('9'));
    });
  }

  @Test
  void joinServerSpansReusesTheCallersSpanId() {
    runner.withPropertyValues("meshtrace.join-server-spans=true").withUserConfiguration(Collector.class)
        .run(context -> {
          callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1"));
          MutableSpan server = context.getBean(InMemorySpanCollector.class).spans().get(0);
          assertThat(server.spanIdString()).isEqualTo(CALLER_SPAN_ID);
          assertThat(server.shared()).isTrue();
        });
  }

  @Test
  void skipPathsDefaultToHealthEndpointsAndCanBeReplaced() {
    runner.withUserConfiguration(Collector.class).run(context -> {
      HttpTracing httpTracing = context.getBean(HttpTracing.class);
      for (String path : List.of("/actuator/health", "/health", "/healthz", "/livez", "/readyz")) {
        Map<String, String> outbound = callUnderServerSpan(httpTracing,
            new FakeServerRequest(path, "x-request-id", REQUEST_ID));
        assertThat(outbound).as(path).containsEntry("x-request-id", REQUEST_ID);
      }
      assertThat(context.getBean(InMemorySpanCollector.class).spans()).isEmpty();
    });
    runner.withPropertyValues("meshtrace.http.server.skip-paths=/internal/**")
        .withUserConfiguration(Collector.class).run(context -> {
          HttpTracing httpTracing = context.getBean(HttpTracing.class);
          callUnderServerSpan(httpTracing, new FakeServerRequest("/internal/metrics"));
          callUnderServerSpan(httpTracing, new FakeServerRequest("/healthz"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans())
              .extracting(span -> span.tag("http.path")).containsExactly("/healthz");
        });
  }

  @Test
  void pathRulesComeBeforeSkipPaths() {
    runner.withPropertyValues("meshtrace.http.server.path-rules=probability:1.0:/actuator/info,skip:/books/**")
        .withUserConfiguration(Collector.class).run(context -> {
          HttpTracing httpTracing = context.getBean(HttpTracing.class);
          callUnderServerSpan(httpTracing, new FakeServerRequest("/actuator/info"));
          callUnderServerSpan(httpTracing, new FakeServerRequest("/actuator/health"));
          callUnderServerSpan(httpTracing, new FakeServerRequest("/books/1"));
          callUnderServerSpan(httpTracing, new FakeServerRequest("/reviews/1"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans())
              .extracting(span -> span.tag("http.path")).containsExactly("/actuator/info", "/reviews/1");
        });
  }

  @Test
  void skipPathsAndPathRulesAreRelativeToTheServletContextPath() {
    runner.withPropertyValues("server.servlet.context-path=/shop/",
            "meshtrace.http.server.path-rules=probability:1.0:/actuator/info,skip:/books/**")
        .withUserConfiguration(Collector.class).run(context -> {
          HttpTracing httpTracing = context.getBean(HttpTracing.class);
          for (String path : List.of("/actuator/health", "/healthz", "/books/1", "/actuator/info", "/reviews/1")) {
            callUnderServerSpan(httpTracing, new FakeServerRequest("/shop" + path));
          }
          assertThat(context.getBean(InMemorySpanCollector.class).spans())
              .extracting(span -> span.tag("http.path")).containsExactly("/shop/actuator/info", "/shop/reviews/1");
        });
    runner.withPropertyValues("server.servlet.context-path=/shop", "meshtrace.http.server.skip-paths=internal")
        .run(context -> assertThat(StartupFailures.messages(context))
            .contains("meshtrace.http.server.skip-paths", "'internal'"));
  }

  @Test
  void redactionRunsBeforeEveryHandler() {
    runner.withPropertyValues("meshtrace.redaction.patterns=\\d{4}-\\d{4}", "meshtrace.redaction.replacement=<card>")
        .withUserConfiguration(Collector.class).run(context -> {
          callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/cards/1234-5678"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans().get(0).tag("http.path"))
              .isEqualTo("/cards/<card>");
        });
  }

  @Test
  void requestHeadersAreTaggedButNeverCredentials() {
    runner.withPropertyValues("meshtrace.http.tags.request-headers=X-Tenant-Id,Authorization")
        .withUserConfiguration(Collector.class).run(context -> {
          callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "x-tenant-id", "acme", "authorization", "Bearer secret"));
          MutableSpan server = context.getBean(InMemorySpanCollector.class).spans().get(0);
          assertThat(server.tag("http.request.header.x-tenant-id")).isEqualTo("acme");
          assertThat(server.tag("http.request.header.authorization")).isNull();
        });
  }

  @Test
  void tagLimitsApply() {
    runner.withPropertyValues("meshtrace.http.tags.max-value-length=5").withUserConfiguration(Collector.class)
        .run(context -> {
          callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/books/12345"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans().get(0).tag("http.path")).hasSize(5);
        });
  }

  @Test
  void distrustedInboundContextCannotForceSampling() {
    runner.withPropertyValues("meshtrace.sampling.probability=0", "meshtrace.http.server.trust-inbound-context=false")
        .withUserConfiguration(Collector.class).run(context -> {
          Map<String, String> outbound = callUnderServerSpan(context.getBean(HttpTracing.class),
              new FakeServerRequest("/books/1", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-d", "x-request-id", "evil"));
          assertThat(context.getBean(InMemorySpanCollector.class).spans()).isEmpty();
          assertThat(outbound.get("x-request-id")).isNotEqualTo("evil").hasSize(36);
        });
  }

  @Test
  void applicationBeansReplaceOurs() {
    runner.withUserConfiguration(OwnBeans.class).run(context -> {
      Tracing tracing = context.getBean(Tracing.class);
      assertThat(tracing.sampler()).isSameAs(Sampler.NEVER);
      assertThat(tracing.propagation()).isSameAs(context.getBean("ownPropagation"));
      assertThat(tracing.currentTraceContext()).isSameAs(context.getBean("ownCurrentTraceContext"));
    });
    runner.withUserConfiguration(OwnTracing.class).run(context -> {
      assertThat(context).hasSingleBean(Tracing.class);
      assertThat(context.getBean(Tracing.class).serviceName()).isEqualTo("own");
      assertThat(context.getBean(Tracer.class)).isSameAs(context.getBean(Tracing.class).tracer());
      assertThat(context.getBean(HttpTracing.class).tracing()).isSameAs(context.getBean(Tracing.class));
    });
  }

  @Test
  void handlerDecoratorAndCustomizerBeansAreAppliedInOrder() {
    runner.withUserConfiguration(Extensions.class).run(context -> {
      Extensions extensions = context.getBean(Extensions.class);
      Tracer tracer = context.getBean(Tracer.class);
      callUnderServerSpan(context.getBean(HttpTracing.class), new FakeServerRequest("/books/1"));
      Span local = tracer.nextSpan().name("local").start();
      try (Scope scope = tracer.withSpanInScope(local)) {
        assertThat(extensions.decorated).contains(local.context());
      }
      local.finish();
      assertThat(extensions.handled).containsExactly("first:GET", "second:GET", "first:local", "second:local");
      assertThat(context.getBean(InMemorySpanCollector.class).spans().get(0).tag("customized")).isEqualTo("yes");
    });
  }

  @Test
  void inMemoryCollectorWhenAskedFor() {
    runner.run(context -> assertThat(context).doesNotHaveBean(InMemorySpanCollector.class));
    runner.withPropertyValues("meshtrace.in-memory-collector.enabled=true").run(context -> {
      Span span = context.getBean(Tracer.class).newTrace().name("work").start();
      span.finish();
      assertThat(context.getBean(InMemorySpanCollector.class).spanNamed("work").traceIdString())
          .isEqualTo(span.context().traceIdString());
    });
  }

  @Test
  void mdcHoldsIdsWhileAContextIsCurrentAndIsRestoredAfter() {
    runner.run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      HttpServerHandler handler = HttpServerHandler.create(context.getBean(HttpTracing.class));
      Span server = handler.handleReceive(new FakeServerRequest("/books/1", "x-request-id", REQUEST_ID));
      MDC.put("traceId", "outer");
      try (Scope scope = tracer.withSpanInScope(server)) {
        assertThat(MDC.get("traceId")).isEqualTo(server.context().traceIdString());
        assertThat(MDC.get("spanId")).isEqualTo(server.context().spanIdString());
        assertThat(MDC.get("requestId")).isEqualTo(REQUEST_ID);
        Span child = tracer.nextSpan().start();
        try (Scope inner = tracer.withSpanInScope(child)) {
          assertThat(MDC.get("spanId")).isEqualTo(child.context().spanIdString());
        }
        assertThat(MDC.get("spanId")).isEqualTo(server.context().spanIdString());
      } finally {
        server.finish();
      }
      assertThat(MDC.get("traceId")).isEqualTo("outer");
      assertThat(MDC.get("spanId")).isNull();
      assertThat(MDC.get("requestId")).isNull();
      MDC.clear();
    });
  }

  @Test
  void logCorrelationCanBeSwitchedOff() {
    runner.withPropertyValues("meshtrace.log-correlation.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(MdcScopeDecorator.class);
      Tracer tracer = context.getBean(Tracer.class);
      try (Scope scope = tracer.withSpanInScope(tracer.newTrace())) {
        assertThat(MDC.get("traceId")).isNull();
      }
    });
  }

  /** Runs a server exchange for {@code request} and returns the headers of a call made while handling it. */
  static Map<String, String> callUnderServerSpan(HttpTracing httpTracing, FakeServerRequest request) {
    HttpServerHandler handler = HttpServerHandler.create(httpTracing);
    Tracing tracing = httpTracing.tracing();
    Span server = handler.handleReceive(request);
    Map<String, String> outbound = new HashMap<>();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      tracing.propagation().inject(tracing.tracer().currentContext(), outbound, MapCarrier.SETTER);
    }
    handler.handleSend(new OkResponse(), server);
    return outbound;
  }

  static final class OkResponse extends HttpServerResponse {
    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Collector {
    @Bean
    InMemorySpanCollector collector() {
      return new InMemorySpanCollector();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    @Bean
    Sampler ownSampler() {
      return Sampler.NEVER;
    }

    @Bean
    Propagation ownPropagation() {
      return Propagation.newBuilder().build();
    }

    @Bean
    CurrentTraceContext ownCurrentTraceContext() {
      return CurrentTraceContext.threadLocal();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnTracing {
    @Bean
    Tracing ownTracing() {
      return Tracing.newBuilder().serviceName("own").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Extensions {
    final List<String> handled = new ArrayList<>();
    final List<TraceContext> decorated = new ArrayList<>();

    @Bean
    @Order(2)
    SpanHandler second() {
      return (context, span) -> handled.add("second:" + span.name());
    }

    @Bean
    @Order(1)
    SpanHandler first() {
      return (context, span) -> handled.add("first:" + span.name());
    }

    @Bean
    ScopeDecorator recordingDecorator() {
      return (context, scope) -> {
        decorated.add(context);
        return scope;
      };
    }

    @Bean
    HttpSpanCustomizer customizer() {
      return new HttpSpanCustomizer() {
        @Override
        public void onRequest(HttpRequest request, Span span) {
          span.tag("customized", "yes");
        }
      };
    }

    @Bean
    InMemorySpanCollector collector() {
      return new InMemorySpanCollector();
    }
  }
}
