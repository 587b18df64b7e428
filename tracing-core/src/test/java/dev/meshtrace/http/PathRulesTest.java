package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.sampling.Sampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";

  final HttpHarness service = HttpHarness.create(tracing -> tracing);

  @ParameterizedTest
  @ValueSource(strings = {"/actuator", "/actuator/health", "/actuator/metrics/jvm.memory.used", "/health",
      "/healthz", "/livez", "/readyz"})
  void healthAndManagementPathsAreSkippedByDefault(String path) {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", path);
    Span span = service.server.handleReceive(request);
    FakeHttp.ClientRequest outbound = service.serveAndCall(new FakeHttp.ServerRequest("GET", path));
    service.server.handleSend(new FakeHttp.ServerResponse(request, 200), span);

    assertThat(span.isNoop()).isTrue();
    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).containsOnly(Map.entry("x-b3-sampled", "0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthcheck", "/actuatorx", "/api/health", "/health/deep", "/"})
  void lookalikePathsAreTraced(String path) {
    service.serveAndCall(new FakeHttp.ServerRequest("GET", path));

    assertThat(service.spans.spans()).hasSize(2);
  }

  @Test
  void skippedRequestForwardsItsInboundHeadersByteForByteEvenWhenUpstreamSampled() {
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/actuator/health")
        .header("X-B3-TraceId", TRACE_ID)
        .header("X-B3-SpanId", CALLER_SPAN_ID)
        .header("X-B3-Sampled", "1")
        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
        .header("tracestate", "rojo=00f067aa0ba902b7")
        .header("X-Request-Id", "f47ac10b-58cc-9372-a567-0e02b2c3d479")
        .header("baggage", "tenant=acme");
    FakeHttp.ClientRequest outbound = service.serveAndCall(inbound);

    assertThat(service.spans.spans()).isEmpty();
    assertThat(outbound.headers.asMap()).isEqualTo(HttpClientHandlerTest.lowerCased(inbound));
  }

  @Test
  void skippedRequestInForwardModeAddsNoDecision() {
    HttpHarness forwarding = HttpHarness.create(tracing -> tracing.mode(Mode.FORWARD));
    FakeHttp.ServerRequest inbound = new FakeHttp.ServerRequest("GET", "/healthz").header("baggage", "tenant=acme");

    assertThat(forwarding.serveAndCall(inbound).headers.asMap()).containsOnly(Map.entry("baggage", "tenant=acme"));
  }

  @Test
  void addedRulesComeAfterTheDefaultSkipsAndReplacingRulesDropsThem() {
    HttpHarness added = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER),
        http -> http.addPathRule(PathRule.probability("/**", 1.0)));
    added.serveAndCall(new FakeHttp.ServerRequest("GET", "/health"));
    added.serveAndCall(new FakeHttp.ServerRequest("GET", "/books"));
    assertThat(added.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/books");

    HttpHarness replaced = HttpHarness.create(tracing -> tracing,
        http -> http.pathRules(List.of(PathRule.skip("/internal/**"))));
    replaced.serveAndCall(new FakeHttp.ServerRequest("GET", "/health"));
    replaced.serveAndCall(new FakeHttp.ServerRequest("GET", "/internal/cache"));
    assertThat(replaced.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/health");
  }

  @Test
  void pathRuleSamplerTakesPrecedenceOverTheTracingSampler() {
    HttpHarness rules = HttpHarness.create(tracing -> tracing.sampler(Sampler.ALWAYS),
        http -> http.addPathRule(PathRule.probability("/static/**", 0.0))
            .addPathRule(PathRule.probability("/api/**", 1.0)));
    FakeHttp.ClientRequest unsampledCall = rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/static/app.js"));
    rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/api/books"));
    rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/other"));

    assertThat(rules.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/api/books", "/other");
    assertThat(unsampledCall.header("x-b3-sampled")).isEqualTo("0");

    HttpHarness never = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER),
        http -> http.addPathRule(PathRule.probability("/api/**", 1.0)));
    never.serveAndCall(new FakeHttp.ServerRequest("GET", "/api/books"));
    never.serveAndCall(new FakeHttp.ServerRequest("GET", "/other"));
    assertThat(never.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/api/books");
  }

  @Test
  void rateRuleLimitsNewTracesOnItsPathOnly() {
    HttpHarness rules = HttpHarness.create(tracing -> tracing,
        http -> http.addPathRule(PathRule.parse("rate:0.01:/search")));
    for (int i = 0; i < 5; i++) rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/search"));
    for (int i = 0; i < 3; i++) rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/books"));

    assertThat(rules.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/search", "/books", "/books", "/books");
  }

  @Test
  void firstMatchingRuleWins() {
    HttpHarness internalFirst = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER),
        http -> http.pathRules(List.of(PathRule.parse("skip:/api/internal/**"), PathRule.parse("probability:1:/api/**"))));
    internalFirst.serveAndCall(new FakeHttp.ServerRequest("GET", "/api/internal/cache"));
    internalFirst.serveAndCall(new FakeHttp.ServerRequest("GET", "/api/books"));
    assertThat(internalFirst.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/api/books");

    HttpHarness broadFirst = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER),
        http -> http.pathRules(List.of(PathRule.parse("probability:1:/api/**"), PathRule.parse("skip:/api/internal/**"))));
    broadFirst.serveAndCall(new FakeHttp.ServerRequest("GET", "/api/internal/cache"));
    assertThat(broadFirst.spans.spans(span -> span.kind() == SpanKind.SERVER))
        .extracting(span -> span.tag(HttpTags.PATH)).containsExactly("/api/internal/cache");
  }

  @Test
  void upstreamDecisionIsRespectedOverPathRuleSamplers() {
    HttpHarness rules = HttpHarness.create(tracing -> tracing,
        http -> http.addPathRule(PathRule.probability("/quiet/**", 0.0))
            .addPathRule(PathRule.probability("/loud/**", 1.0)));
    rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/quiet/books")
        .header("b3", TRACE_ID + "-" + CALLER_SPAN_ID + "-1"));
    rules.serveAndCall(new FakeHttp.ServerRequest("GET", "/loud/books").header("b3", "0"));

    MutableSpan server = rules.spans.onlySpan(SpanKind.SERVER);
    assertThat(server.tag(HttpTags.PATH)).isEqualTo("/quiet/books");
    assertThat(server.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(server.parentIdString()).isEqualTo(CALLER_SPAN_ID);
    assertThat(rules.spans.onlySpan(SpanKind.CLIENT).traceIdString()).isEqualTo(TRACE_ID);
  }

  @Test
  void pathPatternsMatchWholePathsAntStyle() {
    assertThat(PathPattern.compile("/books/{id}").matches("/books/7")).isTrue();
    assertThat(PathPattern.compile("/books/{id}").matches("/books/")).isFalse();
    assertThat(PathPattern.compile("/books/{id}").matches("/books/7/reviews")).isFalse();
    assertThat(PathPattern.compile("/books/*.json").matches("/books/7.json")).isTrue();
    assertThat(PathPattern.compile("/books/*").matches("/books/7/x")).isFalse();
    assertThat(PathPattern.compile("/v?/books").matches("/v2/books")).isTrue();
    assertThat(PathPattern.compile("/v?/books").matches("/v12/books")).isFalse();
    assertThat(PathPattern.compile("/api/**/reviews").matches("/api/reviews")).isTrue();
    assertThat(PathPattern.compile("/api/**/reviews").matches("/api/v1/books/7/reviews")).isTrue();
    assertThat(PathPattern.compile("/**").matches("/anything/at/all")).isTrue();
    assertThat(PathPattern.compile("/a.b").matches("/aXb")).isFalse();
    assertThat(PathPattern.compile("/health").matches(null)).isFalse();
  }

  @Test
  void literalPartsMatchExactly() {
    assertThat(PathPattern.compile("/health").matches("/health")).isTrue();
    assertThat(PathPattern.compile("/health").matches("/healthz")).isFalse();
    assertThat(PathPattern.compile("/health").matches("/Health")).isFalse();
    assertThat(PathPattern.compile("/actuator/**").matches("/actuator")).isTrue();
    assertThat(PathPattern.compile("/actuator/**").matches("/actuator/health/liveness")).isTrue();
    assertThat(PathPattern.compile("/actuator/**").matches("/actuatorx")).isFalse();
    assertThat(PathPattern.compile("/actuator/**").matches("/api/actuator")).isFalse();
  }

  @Test
  void stringFormRoundTrips() {
    for (String rule : List.of("skip:/actuator/**", "probability:0.25:/api/**", "rate:10.0:/books/{id}",
        "skip:/v1/{name}:publish")) {
      assertThat(PathRule.parse(rule)).hasToString(rule);
    }
    PathRule spaced = PathRule.parse("  Probability : 0.5 : /api/** ");
    assertThat(spaced).hasToString("probability:0.5:/api/**");
    assertThat(spaced.isSkip()).isFalse();
    assertThat(PathRule.parse("skip:/v1/{name}:publish").pattern().matches("/v1/books:publish")).isTrue();
    assertThat(PathRule.parse("rate:0:/x").sampler()).isSameAs(Sampler.NEVER);
  }

  @Test
  void badRulesAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> PathRule.parse("probability:1.5:/api/**"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'probability:1.5:/api/**'").hasMessageContaining("1.5");
    assertThatThrownBy(() -> PathRule.probability("/api/**", 1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> PathRule.parse("rate:-1:/api/**")).hasMessageContaining("'rate:-1:/api/**'");
    assertThatThrownBy(() -> PathRule.rateLimited("/api/**", -1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> PathRule.parse("rate:fast:/api/**")).hasMessageContaining("'fast' is not a number");
    assertThatThrownBy(() -> PathRule.parse("probability:/api/**"))
        .hasMessageContaining("'probability:/api/**'").hasMessageContaining("probability:<number>:<pattern>");
    assertThatThrownBy(() -> PathRule.parse("skip:api/**")).hasMessageContaining("must start with '/': 'api/**'");
    assertThatThrownBy(() -> PathRule.skip("health")).hasMessageContaining("'health'");
    assertThatThrownBy(() -> PathRule.parse("sample:/api")).hasMessageContaining("'sample:/api'");
    assertThatThrownBy(() -> PathRule.parse(null)).hasMessageContaining("'null'");
    assertThatThrownBy(() -> PathPattern.compile("/books/{id")).hasMessageContaining("'/books/{id'");
  }
}
