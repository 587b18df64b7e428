package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.webflux.ReactorTraceContext;
import dev.meshtrace.spring.webflux.TracingWebFilter;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WebFlux server side of the starter: the filter in reactive applications only, and context-propagation. */
class WebFluxAutoConfigurationTest {
  final AutoConfigurations configurations =
      AutoConfigurations.of(MeshtraceAutoConfiguration.class, MeshtraceWebFluxAutoConfiguration.class);

  @Test
  void aReactiveApplicationGetsTheFilterAndMeshtraceIsRegisteredWithContextPropagation() {
    new ReactiveWebApplicationContextRunner().withConfiguration(configurations).run(context -> {
      assertThat(context).hasSingleBean(TracingWebFilter.class);
      assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
          .anySatisfy(accessor -> assertThat(accessor.key()).isEqualTo(ReactorTraceContext.KEY));
      Tracing tracing = context.getBean(Tracing.class);
      try (dev.meshtrace.Scope scope = tracing.tracer().withSpanInScope(tracing.tracer().nextSpan())) {
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors().stream()
            .filter(accessor -> ReactorTraceContext.KEY.equals(accessor.key())).findFirst().orElseThrow()
            .getValue()).isEqualTo(tracing.currentTraceContext().get());
      }
    });
  }

  @Test
  void anApplicationsOwnFilterWins() {
    new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
        .withUserConfiguration(OwnFilter.class)
        .run(context -> assertThat(context).hasSingleBean(TracingWebFilter.class).hasBean("ownFilter"));
  }

  @Test
  void aNonReactiveApplicationGetsNoFilter() {
    new ApplicationContextRunner().withConfiguration(configurations)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TracingWebFilter.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFilter {
    @Bean
    TracingWebFilter ownFilter(HttpTracing httpTracing) {
      return TracingWebFilter.create(httpTracing);
    }
  }
}
