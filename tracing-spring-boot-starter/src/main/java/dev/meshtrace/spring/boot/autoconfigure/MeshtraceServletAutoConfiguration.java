package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.servlet.TracingFilter;
import dev.meshtrace.spring.boot.MeshtraceProperties;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * A server span for every inbound request of a servlet application: {@link TracingFilter} first in the filter
 * chain, for every dispatcher type, with async support. Spring MVC's matched route template names the span and
 * becomes {@code http.route} (the filter reads the pattern Spring MVC records on the request). Backs off when the
 * application registers a {@link TracingFilter} of its own.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({TracingFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceServletAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(value = TracingFilter.class, parameterizedContainer = FilterRegistrationBean.class)
  FilterRegistrationBean<TracingFilter> meshtraceTracingFilter(HttpTracing httpTracing,
      MeshtraceProperties properties) {
    MeshtraceProperties.Server server = properties.getHttp().getServer();
    TracingFilter filter = TracingFilter.newBuilder(httpTracing)
        .echoRequestId(server.isEchoRequestId())
        .traceResponse(server.isTraceResponse())
        .build();
    FilterRegistrationBean<TracingFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(TracingFilter.FILTER_NAME);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
    registration.setAsyncSupported(true);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
