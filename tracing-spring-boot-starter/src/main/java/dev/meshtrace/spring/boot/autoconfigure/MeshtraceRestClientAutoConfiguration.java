package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.web.TracingClientHttpRequestInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestTemplate;

/**
 * Traces Spring's HTTP clients: every {@code RestTemplate} bean, every {@code RestClient.Builder} bean (so every
 * client built from Boot's auto-configured builder) and Boot's {@code RestTemplateBuilder} (so every template built
 * from it, bean or not) get {@link TracingClientHttpRequestInterceptor}, last, inside the application's own
 * interceptors (see {@link SpringClientsPostProcessor}). A client made with {@code new} needs one line with the
 * interceptor bean: {@code restTemplate.getInterceptors().add(interceptor)} or
 * {@code RestClient.builder().requestInterceptor(interceptor)}, after the client's other interceptors.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass({RestTemplate.class, TracingClientHttpRequestInterceptor.class})
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceRestClientAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TracingClientHttpRequestInterceptor meshtraceClientHttpRequestInterceptor(HttpTracing httpTracing) {
    return TracingClientHttpRequestInterceptor.create(httpTracing);
  }

  @Bean
  static SpringClientsPostProcessor meshtraceSpringClientsPostProcessor(
      ObjectProvider<TracingClientHttpRequestInterceptor> interceptor) {
    return new SpringClientsPostProcessor(interceptor);
  }
}
