package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTracing;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The {@code meshtrace.http.*} properties that the other tests check only by rejecting bad values, each by what it
 * changes, and each beside its neighbours so that two swapped bindings fail: a setting shows its effect and leaves
 * the others' effects out.
 */
class HttpPropertyEffectsTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";

  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceServletAutoConfiguration.class))
      .withPropertyValues("meshtrace.in-memory-collector.enabled=true");

  static Stream<Arguments> effects() {
    return Stream.of(
        effect(List.of(), context -> {
          MockHttpServletRequest request = new MockHttpServletRequest("GET", "/books/1");
          request.setQueryString("page=2");
          MockHttpServletResponse response = filter(context, request);
          MutableSpan server = onlySpan(context);
          assertThat(server.tag("http.path")).as("query stripped").isEqualTo("/books/1");
          assertThat(server.tag("guid:x-request-id")).as("a plain version 4 UUID, no decision packed")
              .hasSize(36).satisfies(id -> assertThat(id.charAt(14)).isEqualTo('4'));
          assertThat(response.getHeader("x-request-id")).isNull();
          assertThat(response.getHeader("traceresponse")).isNull();
        }),
        effect("meshtrace.http.server.trace-response=true", context -> {
          MockHttpServletResponse response = filter(context, new MockHttpServletRequest("GET", "/books/1"));
          MutableSpan server = onlySpan(context);
          assertThat(response.getHeader("traceresponse"))
              .isEqualTo("00-" + server.traceIdString() + "-" + server.spanIdString() + "-01");
          assertThat(response.getHeader("x-request-id")).isNull();
        }),
        effect("meshtrace.http.server.echo-request-id=true", context -> {
          MockHttpServletResponse response = filter(context, new MockHttpServletRequest("GET", "/books/1"));
          assertThat(response.getHeader("x-request-id")).hasSize(36);
          assertThat(response.getHeader("traceresponse")).isNull();
        }),
        effect("meshtrace.http.tags.strip-query=false", context -> {
          MockHttpServletRequest request = new MockHttpServletRequest("GET", "/books/1");
          request.setQueryString("page=2");
          filter(context, request);
          assertThat(onlySpan(context).tag("http.path")).isEqualTo("/books/1?page=2");
        }),
        effect("meshtrace.http.tags.max-per-span=3", context -> {
          Span span = context.getBean(Tracer.class).newTrace().name("tags").start();
          for (int i = 0; i < 5; i++) span.tag("t" + i, "value " + i);
          span.finish();
          MutableSpan recorded = onlySpan(context);
          assertThat(recorded.tagCount()).isEqualTo(3);
          assertThat(recorded.tag("t2")).isEqualTo("value 2");
        }),
        effect("meshtrace.http.tags.response-headers=Content-Language", context -> {
          MockHttpServletRequest request = new MockHttpServletRequest("GET", "/books/1");
          request.addHeader("Content-Language", "en");
          MockHttpServletResponse response = new MockHttpServletResponse();
          registration(context).getFilter().doFilter(request, response,
              (req, res) -> ((MockHttpServletResponse) res).setHeader("Content-Language", "de"));
          MutableSpan server = onlySpan(context);
          assertThat(server.tag("http.response.header.content-language")).isEqualTo("de");
          assertThat(server.tag("http.request.header.content-language")).isNull();
        }),
        effect(List.of("meshtrace.sampling.probability=0", "meshtrace.http.server.trust-inbound-context=false",
            "meshtrace.http.server.forced-traces-per-second=1000"), context -> {
              MeshtraceAutoConfigurationTest.callUnderServerSpan(context.getBean(HttpTracing.class),
                  new FakeServerRequest("/books/1", "b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1"));
              assertThat(onlySpan(context).traceIdString()).as("a forced trace within the allowance")
                  .isEqualTo(TRACE_ID);
            }));
  }

  static Arguments effect(String property, ContextConsumer<AssertableWebApplicationContext> check) {
    return effect(List.of(property), check);
  }

  static Arguments effect(List<String> properties, ContextConsumer<AssertableWebApplicationContext> check) {
    return Arguments.of(properties.isEmpty() ? "defaults" : String.join(", ", properties), properties, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("effects")
  void propertyHasItsEffect(String name, List<String> properties,
      ContextConsumer<AssertableWebApplicationContext> check) {
    runner.withPropertyValues(properties.toArray(String[]::new)).run(check);
  }

  static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context) {
    return context.getBean(FilterRegistrationBean.class);
  }

  static MockHttpServletResponse filter(AssertableWebApplicationContext context, MockHttpServletRequest request) {
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      registration(context).getFilter().doFilter(request, response, new MockFilterChain());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return response;
  }

  static MutableSpan onlySpan(AssertableWebApplicationContext context) {
    List<MutableSpan> spans = context.getBean(InMemorySpanCollector.class).spans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }
}
