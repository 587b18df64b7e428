package dev.meshtrace.spring.web;

import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code RestClient} and {@code RestTemplate} with the tracing interceptor, held to the client conformance suite. */
@ParameterizedClass
@EnumSource(SpringClient.class)
class SpringClientConformanceTest extends HttpClientConformance {
  @Parameter SpringClient kind;
  TracingClientHttpRequestInterceptor interceptor;

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    interceptor = TracingClientHttpRequestInterceptor.create(httpTracing);
    SpringClient.Get get = kind.create(interceptor, settings.responseTimeout());
    return get::send;
  }

  /** How the request factory writes them is unknown to the interceptor: it leaves out (and counts) every one. */
  @Override
  protected NonAsciiValues nonAsciiValues() {
    return NonAsciiValues.NONE;
  }

  @Test
  void aForwardedValueBeyondAsciiIsCounted() throws Exception {
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "baggage", "tenant=Z\u00fcrich"));
    assertThat(get(parent, "/", Map.of())).isEqualTo(200);

    assertThat(takeRequest().singleRaw("baggage")).isNull();
    assertThat(interceptor.refusedHeaders()).isEqualTo(1);
  }

  @Override
  protected Redirects redirects() {
    return kind == SpringClient.REST_TEMPLATE ? Redirects.FOLLOWED_IN_ONE_SPAN : Redirects.RETURNED;
  }
}
