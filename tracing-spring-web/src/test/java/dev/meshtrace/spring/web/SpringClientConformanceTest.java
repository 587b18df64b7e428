package dev.meshtrace.spring.web;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code RestClient} and {@code RestTemplate} with the tracing interceptor, held to the client conformance suite. */
@ParameterizedClass
@EnumSource(SpringClient.class)
class SpringClientConformanceTest extends HttpClientConformance {
  @Parameter SpringClient kind;

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    SpringClient.Get get = kind.create(TracingClientHttpRequestInterceptor.create(httpTracing),
        settings.responseTimeout());
    return get::send;
  }

  @Override
  protected Redirects redirects() {
    return kind == SpringClient.REST_TEMPLATE ? Redirects.FOLLOWED_IN_ONE_SPAN : Redirects.RETURNED;
  }
}
