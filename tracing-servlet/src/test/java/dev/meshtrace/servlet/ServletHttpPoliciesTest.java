package dev.meshtrace.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.handler.RedactingSpanHandler;
import dev.meshtrace.http.HttpRequest;
import dev.meshtrace.http.HttpResponse;
import dev.meshtrace.http.HttpSpanCustomizer;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.sampling.Sampler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP layer's operator policies through the servlet adapter, on each container: what configuration puts into
 * server spans, which requests are traced, and what still reaches the next hop.
 */
@ParameterizedClass
@EnumSource(ServletContainer.Kind.class)
class ServletHttpPoliciesTest extends ServletFixture {
  @Parameter ServletContainer.Kind kind;

  @Override
  ServletContainer.Kind containerKind() {
    return kind;
  }

  @Test
  void listedHeadersAreTaggedButCredentialsNever() throws Exception {
    deploy(http -> http.requestHeaderTags(List.of("X-Tenant", "Authorization", "Cookie"))
        .responseHeaderTags(List.of("X-Cache", "Set-Cookie")), filter -> filter);

    get("/status/200", "X-Tenant", "acme", "Authorization", "Bearer secret", "Cookie", "session=secret");

    Map<String, String> tags = tags(onlyServerSpan());
    assertThat(tags).containsEntry(HttpTags.REQUEST_HEADER_PREFIX + "x-tenant", "acme")
        .containsEntry(HttpTags.RESPONSE_HEADER_PREFIX + "x-cache", "hit");
    assertThat(tags.keySet()).noneMatch(key -> key.contains("authorization") || key.contains("cookie"));
    assertThat(tags.values()).noneMatch(value -> value.contains("secret"));
  }

  @Test
  void theQueryIsLeftOutOfThePathUnlessConfigured() throws Exception {
    get("/hello?user=7");
    assertThat(onlyServerSpan().tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/hello");
    spans.clear();

    deploy(http -> http.stripQuery(false), filter -> filter);
    get("/hello?user=7");
    assertThat(onlyServerSpan().tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/hello?user=7");
  }

  @Test
  void redactionRewritesTagValuesBeforeTheSpanIsReported() throws Exception {
    String card = "4111-1111-1111-1111";
    deploy(tracing -> tracing.addSpanHandler(RedactingSpanHandler.create(List.of("\\d{4}(-\\d{4}){3}"), "***")),
        http -> http.stripQuery(false).requestHeaderTags(List.of("X-Card")), filter -> filter);

    get("/hello?card=" + card, "X-Card", card);

    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/hello?card=***");
    assertThat(span.tag(HttpTags.REQUEST_HEADER_PREFIX + "x-card")).isEqualTo("***");
  }

  @Test
  void tagValuesAreCutToTheConfiguredLength() throws Exception {
    deploy(tracing -> tracing.maxTagValueLength(8), http -> http.requestHeaderTags(List.of("X-Long")),
        filter -> filter);

    get("/hello", "X-Long", "abcdefghijklmnop");

    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.REQUEST_HEADER_PREFIX + "x-long")).isEqualTo("abcdefgh");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo((CONTEXT_PATH + "/hello").substring(0, 8));
  }

  @Test
  void aDistrustedEdgeHonoursForcedTracesOnlyWithinTheAllowanceAndReplacesMalformedRequestIds()
      throws Exception {
    // the allowance holds one forced trace, the next comes after 1000 s; this service samples nothing itself
    // except /hello, which proves that nothing else was reported
    deploy(tracing -> tracing.sampler(Sampler.NEVER), http -> http.trustInboundContext(false)
        .forcedTracesPerSecond(0.001).addPathRule(PathRule.probability(CONTEXT_PATH + "/hello", 1.0)),
        filter -> filter);

    get("/downstream", "b3", TRACE_ID + "-" + SPAN_ID + "-1", "x-request-id", REQUEST_ID);
    Headers honoured = downstreamHeaders();
    assertThat(honoured.get("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(honoured.get("x-request-id")).isEqualTo(REQUEST_ID);
    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    spans.clear();

    get("/downstream", "b3", TRACE_ID + "-" + SPAN_ID + "-1", "x-request-id", "not-a-uuid");
    Headers beyond = downstreamHeaders();
    assertThat(beyond.get("b3")).as("the caller's trace headers are not forwarded").isNull();
    assertThat(beyond.get("x-b3-traceid")).isNull();
    assertThat(beyond.get("x-b3-sampled")).as("this service's sampler decided").isEqualTo("0");
    assertThat(beyond.get("x-request-id")).matches(UUID_PATTERN);
    assertNothingElseReported();
  }

  @Test
  void aCustomizerRunsAfterTheDefaultsWithTheServletTypes() throws Exception {
    deploy(http -> http.addCustomizer(new HttpSpanCustomizer() {
      @Override
      public void onRequest(HttpRequest request, Span span) {
        span.tag("servlet.path", ((HttpServletRequest) request.unwrap()).getServletPath());
      }

      @Override
      public void onResponse(HttpResponse response, Span span) {
        span.name("items " + ((HttpServletResponse) response.unwrap()).getStatus());
      }
    }), filter -> filter);

    get("/items/7");

    MutableSpan span = onlyServerSpan();
    assertThat(span.tag("servlet.path")).isEqualTo("/items");
    assertThat(span.name()).as("renamed after the route named it").isEqualTo("items 200");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/items/{id}");
  }

  static Map<String, String> tags(MutableSpan span) {
    Map<String, String> tags = new HashMap<>();
    span.forEachTag(tags::put);
    return tags;
  }
}
