package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ServletAutoConfigurationTest {
  static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(MeshtraceAutoConfiguration.class, MeshtraceServletAutoConfiguration.class);

  final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS);

  @Test
  @SuppressWarnings("unchecked")
  void filterIsFirstForEveryDispatchWithAsyncSupport() {
    runner.run(context -> {
      FilterRegistrationBean<TracingFilter> registration = context.getBean(FilterRegistrationBean.class);
      assertThat(registration.getFilter()).isInstanceOf(TracingFilter.class);
      assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
      assertThat(registration.isAsyncSupported()).isTrue();
      assertThat(registration.getUrlPatterns()).containsExactly("/*");
      assertThat(registration.determineDispatcherTypes()).isEqualTo(EnumSet.allOf(DispatcherType.class));
    });
  }

  @Test
  void requestIdIsEchoedWhenAskedFor() {
    runner.withPropertyValues("meshtrace.http.server.echo-request-id=true").run(context -> {
      MockHttpServletResponse response = filter(context.getBean(FilterRegistrationBean.class));
      assertThat(response.getHeader("x-request-id")).hasSize(36);
    });
    runner.run(context -> assertThat(filter(context.getBean(FilterRegistrationBean.class))
        .getHeader("x-request-id")).isNull());
  }

  @Test
  void backsOffForTheApplicationsOwnRegistration() {
    runner.withUserConfiguration(OwnRegistration.class).run(context -> assertThat(context
        .getBeansOfType(FilterRegistrationBean.class)).containsOnlyKeys("ownTracingFilter"));
  }

  @Test
  void onlyInServletApplicationsWithTheServletModule() {
    new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .run(context -> assertThat(context).hasSingleBean(HttpTracing.class)
            .doesNotHaveBean(FilterRegistrationBean.class));
    runner.withClassLoader(new FilteredClassLoader(TracingFilter.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FilterRegistrationBean.class));
    runner.withPropertyValues("meshtrace.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
  }

  static MockHttpServletResponse filter(FilterRegistrationBean<?> registration) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    registration.getFilter().doFilter(new MockHttpServletRequest("GET", "/books/1"), response, new MockFilterChain());
    return response;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRegistration {
    @Bean
    FilterRegistrationBean<TracingFilter> ownTracingFilter(HttpTracing httpTracing) {
      return new FilterRegistrationBean<>(TracingFilter.create(httpTracing));
    }
  }
}
