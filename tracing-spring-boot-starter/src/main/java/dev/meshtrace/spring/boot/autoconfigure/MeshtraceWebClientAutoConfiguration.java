package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.spring.webflux.TracingExchangeFilterFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Traces Spring's {@code WebClient}: every {@code WebClient.Builder} bean (so every client built from Boot's
 * auto-configured builder) and every {@code WebClient} bean get {@link TracingExchangeFilterFunction}, last, inside
 * the application's own filters (see {@link WebClientsPostProcessor}). A client made with
 * {@code WebClient.builder()} needs one line with the filter bean:
 * {@code WebClient.builder().filter(tracingFilter).build()}, after the client's other filters.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass({WebClient.class, TracingExchangeFilterFunction.class})
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceWebClientAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TracingExchangeFilterFunction meshtraceExchangeFilterFunction(HttpTracing httpTracing) {
    return TracingExchangeFilterFunction.create(httpTracing);
  }

  @Bean
  static WebClientsPostProcessor meshtraceWebClientsPostProcessor(
      ObjectProvider<TracingExchangeFilterFunction> filter) {
    return new WebClientsPostProcessor(filter);
  }
}
