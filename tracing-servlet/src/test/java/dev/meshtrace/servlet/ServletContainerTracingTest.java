package dev.meshtrace.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.PathRule;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/**
 * What {@link TracingFilter} does on a real servlet container: one span per request across dispatches and async
 * cycles, the inbound context, what reaches the next hop, and the response headers. A subclass names the container.
 */
abstract class ServletContainerTracingTest extends ServletFixture {

  // --- one request, one span ---

  @Test
  void synchronousRequestRecordsOneServerSpan() throws Exception {
    HttpResponse<String> response = get("/hello?user=7");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
    MutableSpan span = onlyServerSpan();
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/hello");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ROUTE)).isNull();
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.error()).isNull();
    assertThat(span.tag(HttpTags.REQUEST_ID)).matches(UUID_PATTERN);
    assertThat(span.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(span.remotePort()).isPositive();
    assertThat(span.parentId()).isZero();
    assertThat(span.finishTimestamp()).isGreaterThanOrEqualTo(span.startTimestamp());
  }

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
    assertThat(app.contextOutsideFilter.get()).as("the probe runs in front of the tracing filter").isNull();
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
  void b3MultiHeadersMakeTheServerSpanTheCallersChild() throws Exception {
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1",
        "x-request-id", REQUEST_ID);

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    assertThat(span.spanIdString()).isNotEqualTo(SPAN_ID);
    assertThat(span.tag(HttpTags.REQUEST_ID)).isEqualTo(REQUEST_ID);
    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.get("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(next.get("x-b3-parentspanid")).isEqualTo(SPAN_ID);
    assertThat(next.get("x-b3-sampled")).isEqualTo("1");
    assertThat(next.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(next.get("x-request-id")).isEqualTo(REQUEST_ID);
  }

  @Test
  void b3SingleHeaderIsReEncodedWithTheServerSpan() throws Exception {
    get("/downstream", "b3", TRACE_ID + "-" + SPAN_ID + "-1");

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    Headers next = downstreamHeaders();
    assertThat(next.values("b3")).containsExactly(TRACE_ID + "-" + span.spanIdString() + "-1-" + SPAN_ID);
    assertThat(next.get("x-b3-spanid")).isEqualTo(span.spanIdString());
  }

  @Test
  void traceparentContinuesTheTraceAndRepeatedTracestateFieldsAreJoined() throws Exception {
    HttpRequest request = request("/downstream")
        .header("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .header("tracestate", "rojo=00f067aa0ba902b7")
        .build();
    client.send(request, HttpResponse.BodyHandlers.ofString());

    MutableSpan span = onlyServerSpan();
    assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
    assertThat(span.parentIdString()).isEqualTo(SPAN_ID);
    Headers next = downstreamHeaders();
    assertThat(next.values("traceparent")).containsExactly("00-" + TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(next.values("tracestate")).containsExactly("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void withoutHeadersANewTraceStartsAndARequestIdIsGenerated() throws Exception {
    get("/downstream");

    MutableSpan span = onlyServerSpan();
    assertThat(span.parentId()).isZero();
    assertThat(span.traceIdString()).hasSize(32);
    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(span.traceIdString());
    assertThat(next.get("x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(next.get("x-b3-parentspanid")).isNull();
    assertThat(next.get("x-request-id")).matches(UUID_PATTERN).isEqualTo(span.tag(HttpTags.REQUEST_ID));
  }

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
  void unsampledRequestReportsNothingForwardsTheHeadersAsReceivedAndTheDenyInW3cToo() throws Exception {
    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "0",
        "x-request-id", REQUEST_ID, "baggage", "tenant=blue");

    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.get("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(next.get("x-b3-sampled")).isEqualTo("0");
    assertThat(next.get("x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(next.get("baggage")).isEqualTo("tenant=blue");
    assertThat(next.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
    assertNothingElseReported();
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

  @Test
  void skippedPathIsNotTracedButStillForwards() throws Exception {
    deploy(http -> http.addPathRule(PathRule.skip(CONTEXT_PATH + "/downstream")), filter -> filter);

    get("/downstream", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "x-request-id", REQUEST_ID);

    Headers next = downstreamHeaders();
    assertThat(next.get("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(next.get("x-b3-spanid")).isEqualTo(SPAN_ID);
    assertThat(next.get("x-request-id")).isEqualTo(REQUEST_ID);
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
