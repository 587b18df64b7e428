package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.spring.webflux.TracingExchangeFilterFunction;
import java.util.Iterator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Puts the tracing filter last, the innermost, on the WebClients the application gets from Spring, so the span
 * sees each request as it leaves (after the application's filters) and the headers it writes win. A
 * {@code WebClient.Builder} bean (Boot's is a prototype: each injection is post-processed) gets it among its
 * filters; a {@code WebClient} bean is replaced by a copy with it. Spring Framework's types, the same in Boot 3.5
 * and 4.0.
 */
final class WebClientsPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<TracingExchangeFilterFunction> filter;

  WebClientsPostProcessor(ObjectProvider<TracingExchangeFilterFunction> filter) {
    this.filter = filter;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof WebClient.Builder) {
      ((WebClient.Builder) bean).filters(this::placeLast);
    } else if (bean instanceof WebClient) {
      return ((WebClient) bean).mutate().filters(this::placeLast).build();
    }
    return bean;
  }

  /** Moves the tracing filter to the end of {@code filters}, adding it when absent; one is enough. */
  private void placeLast(List<ExchangeFilterFunction> filters) {
    ExchangeFilterFunction tracing = null;
    for (Iterator<ExchangeFilterFunction> it = filters.iterator(); it.hasNext(); ) {
      ExchangeFilterFunction candidate = it.next();
      if (candidate instanceof TracingExchangeFilterFunction) {
        if (tracing == null) tracing = candidate;
        it.remove();
      }
    }
    filters.add(tracing != null ? tracing : filter.getObject());
  }
}
