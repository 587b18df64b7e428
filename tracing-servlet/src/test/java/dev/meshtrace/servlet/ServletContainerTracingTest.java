package dev.meshtrace.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.http.HttpTags;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/**
 * What {@link TracingFilter} does on a real servlet container beyond the rules every server adapter keeps (those are
 * in {@link ServletConformanceTest}): one span per request across dispatches and async cycles, malformed inbound
 * headers, and the response headers. A subclass names the container.
 */
abstract class ServletContainerTracingTest extends ServletFixture {

  // --- one request, one span ---

  @Test
  void routeAttributeNamesTheSpan() throws Exception {
    get("/items/7");

    MutableSpan span = onlyServerSpan();
    assertThat(span.name()).isEqualTo("GET /items/{id}");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/items/{id}");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/items/7");
  }

  @Test
  void springMvcBestMatchingPatternNamesTheSpan() throws Exception {
    get("/spring/books");

    MutableSpan span = onlyServerSpan();
    assertThat(span.name()).isEqualTo("GET /spring/{name}");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/spring/{name}");
  }

  @Test
  void exceptionIsRecordedWithStatus500AndReachesTheContainerUnchanged() throws Exception {
    HttpResponse<String> response = get("/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    MutableSpan span = onlyServerSpan();
    assertThat(span.error()).isSameAs(app.thrown.get()).hasMessage("boom");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("500");
    assertThat(app.escaped.get()).isSameAs(app.thrown.get());
    assertThat(app.contextsOutsideFilter).as("the probe runs in front of the tracing filter").containsOnlyNulls();
  }

  @Test
  void notFoundIsNotAnErrorAndTheErrorDispatchOpensNoSpan() throws Exception {
    HttpResponse<String> response = get("/missing", "b3", TRACE_ID + "-" + SPAN_ID + "-1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("downstream 200 (not found page)");
    MutableSpan span = onlyServerSpan();
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("404");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/missing");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.error()).isNull();
    // the error page ran under the request's context
    Headers next = downstreamHeaders();
    assertThat(next.get("b3")).startsWith(TRACE_ID + "-" + span.spanIdString() + "-1");
  }

  @Test
  void forwardedDispatchKeepsTheRequestSpanCurrent() throws Exception {
    HttpResponse<String> response = get("/forward");

    assertThat(response.body()).isEqualTo("downstream 200");
    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/forward");
    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(span.traceIdString());
    assertThat(next.get("x-b3-spanid")).isEqualTo(span.spanIdString());
  }

  @Test
  void includedDispatchOpensNoSpan() throws Exception {
    HttpResponse<String> response = get("/include");

    assertThat(response.body()).isEqualTo("before hello");
    assertThat(onlyServerSpan().tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/include");
  }

  // --- asynchronous requests ---

  @Test
  void asyncRequestEndsWhenCompletedNotWhenTheFilterReturns() throws Exception {
    HttpResponse<String> response = get("/async");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("async");
    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).as("the status set after the filter returned").isEqualTo("202");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/async");
  }

  @Test
  void asyncDispatchRunsUnderTheRequestContext() throws Exception {
    HttpResponse<String> response = get("/async-dispatch", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID);

    assertThat(response.body()).isEqualTo("downstream 200");
    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/async-dispatch");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.get("x-b3-spanid")).isEqualTo(span.spanIdString());
  }

  @Test
  void asyncRequestStartedAgainOnItsAsyncDispatchEndsWhenTheSecondCycleCompletes() throws Exception {
    HttpResponse<String> response = get("/async-twice");

    assertThat(response.statusCode()).isEqualTo(202);
    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("202");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/async-twice");
  }

  @Test
  void exceptionInAsyncDispatchIsTheSpansError() throws Exception {
    HttpResponse<String> response = get("/async-fail");

    assertThat(response.statusCode()).isEqualTo(500);
    MutableSpan span = onlyServerSpan();
    assertThat(span.error()).isSameAs(app.thrown.get());
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("500");
  }

  @Test
  void asyncTimeoutEndsTheSpanWithTheContainersStatus() throws Exception {
    HttpResponse<String> response = get("/async-timeout");

    assertThat(response.statusCode()).isEqualTo(500);
    MutableSpan span = onlyServerSpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("500");
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo("500");
    assertThat(span.annotationCount()).isEqualTo(1);
    assertThat(span.annotationValue(0)).isEqualTo(TracedRequest.ASYNC_TIMEOUT);
    assertThat(span.duration()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(TestServletApp.ASYNC_TIMEOUT_MILLIS));
  }

  // --- inbound context and what reaches the next hop ---

  @Test
  void malformedHeadersStartANewTraceAndAreNotForwarded() throws Exception {
    HttpResponse<String> response = get("/downstream", "b3", "not-a-b3-value", "X-B3-TraceId", "xyz",
        "X-B3-SpanId", SPAN_ID, "traceparent", "00-" + TRACE_ID.toUpperCase() + "-" + SPAN_ID + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isNotEqualToIgnoringCase(TRACE_ID);
    assertThat(span.parentId()).isZero();
    Headers next = downstreamHeaders();
    assertThat(next.get("b3")).isNull();
    assertThat(next.values("x-b3-traceid")).containsExactly(span.traceIdString());
    assertThat(next.values("traceparent")).containsExactly("00-" + span.traceIdString() + "-" + span.spanIdString() + "-01");
  }

  @Test
  void aMalformedFormatGivesWayToAValidOne() throws Exception {
    get("/downstream", "b3", "garbage", "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    assertThat(downstreamHeaders().get("b3")).isNull();
  }

  @Test
  void decisionOnlyHeaderIsForwardedAndNothingReported() throws Exception {
    get("/downstream", "b3", "0");

    Headers next = downstreamHeaders();
    assertThat(next.values("b3")).containsExactly("0");
    assertThat(next.get("x-b3-traceid")).isNull();
    assertThat(next.get("x-request-id")).matches(UUID_PATTERN);
    assertNothingElseReported();
  }

  // --- response headers ---

  @Test
  void responseCarriesNoTracingHeadersByDefault() throws Exception {
    HttpResponse<String> response = get("/hello", "x-request-id", REQUEST_ID);

    assertThat(response.headers().firstValue("x-request-id")).isEmpty();
    assertThat(response.headers().firstValue("traceresponse")).isEmpty();
  }

  @Test
  void echoesRequestIdAndTraceresponseWhenEnabled() throws Exception {
    deploy(http -> http, filter -> filter.echoRequestId(true).traceResponse(true));

    HttpResponse<String> response = get("/hello", "x-request-id", REQUEST_ID, "b3", TRACE_ID + "-" + SPAN_ID + "-1");

    MutableSpan span = onlyServerSpan();
    assertThat(response.headers().allValues("x-request-id")).containsExactly(REQUEST_ID);
    assertThat(response.headers().allValues("traceresponse"))
        .containsExactly("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
  }

  @Test
  void requestIdTheApplicationSetsOnTheResponseWinsOverTheEcho() throws Exception {
    deploy(http -> http, filter -> filter.echoRequestId(true));

    HttpResponse<String> response = get("/own-request-id", "x-request-id", REQUEST_ID);

    assertThat(response.headers().allValues("x-request-id")).containsExactly("chosen-by-app");
  }

  @Test
  void echoesGeneratedRequestIdAndNoTraceresponseForUnsampledRequests() throws Exception {
    deploy(http -> http, filter -> filter.echoRequestId(true).traceResponse(true));

    HttpResponse<String> response = get("/hello", "b3", "0");

    assertThat(response.headers().allValues("x-request-id")).singleElement().asString().matches(UUID_PATTERN);
    assertThat(response.headers().firstValue("traceresponse")).isEmpty();
  }
}
