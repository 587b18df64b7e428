package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.webflux.ReactorTraceContext;
import dev.meshtrace.spring.webflux.TracingWebFilter;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A server span for every inbound request of a WebFlux application (Reactor Netty or a servlet container):
 * {@link TracingWebFilter}, first among the {@code WebFilter}s. The matched route names the span. Backs off when the
 * application declares a {@link TracingWebFilter} of its own. With Micrometer's {@code context-propagation} present
 * (Boot's {@code spring.reactor.context-propagation=auto} turns on Reactor's automatic propagation), meshtrace's
 * context is registered with it, so it is current wherever a request's chain hops threads.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(TracingWebFilter.class)
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceWebFluxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TracingWebFilter meshtraceTracingWebFilter(HttpTracing httpTracing) {
    return TracingWebFilter.create(httpTracing);
  }

  /** Registers meshtrace's context with context-propagation when that library is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.context.ContextRegistry")
  static class ContextPropagation {
    @Bean
    InitializingBean meshtraceReactorContextPropagation(Tracing tracing) {
      return () -> ReactorTraceContext.registerContextPropagation(tracing);
    }
  }
}
