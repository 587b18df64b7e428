package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanInternals;
import dev.meshtrace.SpanKind;
import dev.meshtrace.handler.RedactingSpanHandler;
import dev.meshtrace.internal.RequestIds;
import dev.meshtrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpServerHandlerTest {
  static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

  final HttpHarness service = HttpHarness.create(tracing -> tracing);

  @Test
  void spanIsNamedByMethodWhileTheRouteIsUnknown() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7");
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.ROUTE)).isNull();
  }

  @Test
  void spanIsNamedByMethodAndRouteKnownFromTheRequest() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7");
    request.route = "/books/{id}";
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.name()).isEqualTo("GET /books/{id}");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/books/{id}");
  }

  @Test
  void spanIsRenamedByARouteKnownOnlyWhenTheResponseIsSent() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("DELETE", "/books/7");
    FakeHttp.ServerResponse response = new FakeHttp.ServerResponse(request, 204);
    response.route = "/books/{id}";
    service.serve(request, response);

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.name()).isEqualTo("DELETE /books/{id}");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/books/{id}");
  }

  @Test
  void lateRouteWithoutTheRequestKeepsTheMethodAsName() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7");
    FakeHttp.ServerResponse response = new FakeHttp.ServerResponse(null, 200);
    response.route = "/books/{id}";
    service.serve(request, response);

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.ROUTE)).isEqualTo("/books/{id}");
  }

  @Test
  void defaultTagsAndRemoteAddress() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7").header("X-Request-Id", REQUEST_ID);
    request.query = "format=json&page=2";
    request.remoteIp = "192.168.1.20";
    request.remotePort = 51234;
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/7");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.tag("guid:x-request-id")).isEqualTo(REQUEST_ID);
    assertThat(span.remoteIp()).isEqualTo("192.168.1.20");
    assertThat(span.remotePort()).isEqualTo(51234);
    assertThat(span.localServiceName()).isEqualTo("books");
    assertThat(span.duration()).isGreaterThanOrEqualTo(0);
    assertThat(span.startTimestamp()).isPositive();
  }

  @Test
  void schemeAndHostTheRequestWasAddressedToAreRecorded() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7").header("Host", "books:9080");
    request.scheme = "https";
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag(HttpTags.SCHEME)).isEqualTo("https");
    assertThat(span.tag(HttpTags.HOST)).isEqualTo("books:9080");
    assertThat(span.tag(HttpTags.URL)).isNull();
  }

  @Test
  void aRequestWithoutSchemeOrHostRecordsNeither() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7").header("Host", "");
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = service.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/7");
    assertThat(span.tag(HttpTags.SCHEME)).isNull();
    assertThat(span.tag(HttpTags.HOST)).isNull();
  }

  @Test
  void queryIsKeptInThePathWhenStrippingIsDisabled() {
    HttpHarness keepQuery = HttpHarness.create(tracing -> tracing, http -> http.stripQuery(false));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    request.query = "author=austen&page=2";
    keepQuery.serve(request, new FakeHttp.ServerResponse(request, 200));

    assertThat(keepQuery.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.PATH)).isEqualTo("/books?author=austen&page=2");
  }

  @Test
  void remoteAddressThatIsNotAnIpIsLeftOut() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    request.remoteIp = "attacker.example\r\nX: y";
    service.serve(request, new FakeHttp.ServerResponse(request, 200));

    assertThat(service.spans.onlySpan(SpanKind.SERVER).remoteIp()).isNull();
  }

  @Test
  void serverErrorsAreStatus500AndUpOrAnException() {
    serveWithStatus(404, null);
    serveWithStatus(499, null);
    serveWithStatus(500, null);
    serveWithStatus(503, null);
    serveWithStatus(200, new IllegalStateException("handler blew up"));
    serveWithStatus(0, new IllegalStateException());

    List<MutableSpan> spans = service.spans.spans();
    assertThat(spans).extracting(span -> span.tag(HttpTags.ERROR))
        .containsExactly(null, null, "500", "503", "handler blew up", "IllegalStateException");
    assertThat(spans.get(5).tag(HttpTags.STATUS_CODE)).isNull();
  }

  private void serveWithStatus(int status, Throwable error) {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    FakeHttp.ServerResponse response = new FakeHttp.ServerResponse(request, status);
    response.error = error;
    service.serve(request, response);
  }

  @Test
  void inboundRequestIdIsTaggedAndForwarded() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books").header("x-request-id", REQUEST_ID);
    FakeHttp.ClientRequest outbound = service.serveAndCall(request);

    assertThat(service.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.REQUEST_ID)).isEqualTo(REQUEST_ID);
    assertThat(outbound.header("x-request-id")).isEqualTo(REQUEST_ID);
  }

  @Test
  void absentRequestIdIsGeneratedTaggedReadableAndForwarded() {
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    FakeHttp.ClientRequest outbound = new FakeHttp.ClientRequest("GET", "/details/1");
    Span span = service.server.handleReceive(request);
    String current;
    try (Scope scope = service.tracing.tracer().withSpanInScope(span)) {
      current = service.tracing.tracer().currentRequestId();
      service.client.handleReceive(new FakeHttp.ClientResponse(200), service.client.handleSend(outbound));
    } finally {
      service.server.handleSend(new FakeHttp.ServerResponse(request, 200), span);
    }

    String tagged = service.spans.onlySpan(SpanKind.SERVER).tag(HttpTags.REQUEST_ID);
    assertThat(RequestIds.isWellFormedUuid(tagged)).isTrue();
    assertThat(tagged.charAt(14)).isEqualTo('4');
    assertThat(current).isEqualTo(tagged);
    assertThat(outbound.header("x-request-id")).isEqualTo(tagged);
    assertThat(service.spans.onlySpan(SpanKind.CLIENT).tag(HttpTags.REQUEST_ID)).isNull();
  }

  @Test
  void allowListedHeadersAreTaggedButCredentialsNever() {
    HttpHarness tagging = HttpHarness.create(tracing -> tracing, http -> http
        .requestHeaderTags(List.of("X-Tenant-Id", "user-agent", "Authorization", "proxy-authorization", "COOKIE"))
        .responseHeaderTags(List.of("Content-Type", "Set-Cookie", "x-absent")));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books")
        .header("x-tenant-id", "acme")
        .header("User-Agent", "curl/8.5")
        .header("Authorization", "Bearer s3cr3t")
        .header("Proxy-Authorization", "Basic czNjcjN0")
        .header("Cookie", "session=s3cr3t");
    FakeHttp.ServerResponse response = new FakeHttp.ServerResponse(request, 200)
        .header("content-type", "application/json")
        .header("Set-Cookie", "session=s3cr3t");
    tagging.serve(request, response);

    MutableSpan span = tagging.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag("http.request.header.x-tenant-id")).isEqualTo("acme");
    assertThat(span.tag("http.request.header.user-agent")).isEqualTo("curl/8.5");
    assertThat(span.tag("http.response.header.content-type")).isEqualTo("application/json");
    assertThat(span.tag("http.response.header.x-absent")).isNull();
    List<String> values = new ArrayList<>();
    span.forEachTag((key, value) -> values.add(key + "=" + value));
    assertThat(values).noneMatch(tag -> tag.contains("s3cr3t") || tag.contains("czNjcjN0"))
        .noneMatch(tag -> tag.contains("authorization") || tag.contains("cookie"));
  }

  @Test
  void customizerRunsAfterTheDefaults() {
    HttpHarness customized = HttpHarness.create(tracing -> tracing, http -> http.addCustomizer(
        new HttpSpanCustomizer() {
          @Override
          public void onRequest(HttpRequest request, Span span) {
            span.tag(HttpTags.PATH, "/books/{masked}");
            span.tag(HttpTags.REQUEST_ID, "replaced");
            span.tag("tenant", ((FakeHttp.ServerRequest) request.unwrap()).header("x-tenant-id"));
          }

          @Override
          public void onResponse(HttpResponse response, Span span) {
            span.name("list books");
            span.tag(HttpTags.STATUS_CODE, "2xx");
          }
        }));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/7").header("x-tenant-id", "acme");
    FakeHttp.ServerResponse response = new FakeHttp.ServerResponse(request, 200);
    response.route = "/books/{id}";
    customized.serve(request, response);

    MutableSpan span = customized.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.name()).isEqualTo("list books");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/{masked}");
    assertThat(span.tag(HttpTags.REQUEST_ID)).isEqualTo("replaced");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("2xx");
    assertThat(span.tag("tenant")).isEqualTo("acme");
  }

  @Test
  void throwingCustomizerNeverBreaksTheRequestNorTheOtherCustomizers() {
    HttpSpanCustomizer throwing = new HttpSpanCustomizer() {
      @Override
      public void onRequest(HttpRequest request, Span span) {
        throw new IllegalStateException("bug in a customizer");
      }

      @Override
      public void onResponse(HttpResponse response, Span span) {
        throw new NoClassDefFoundError("missing/Dependency");
      }
    };
    HttpSpanCustomizer recording = new HttpSpanCustomizer() {
      @Override
      public void onRequest(HttpRequest request, Span span) {
        span.tag("seen.request", SpanInternals.isConfined(span) ? "confined" : "yes");
      }

      @Override
      public void onResponse(HttpResponse response, Span span) {
        span.tag("seen.response", "yes");
      }
    };
    HttpHarness customized =
        HttpHarness.create(tracing -> tracing, http -> http.addCustomizer(throwing).addCustomizer(recording));

    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    for (int i = 0; i < 2; i++) {
      assertThatCode(() -> customized.serve(request, new FakeHttp.ServerResponse(request, 200)))
          .doesNotThrowAnyException();
    }

    assertThat(customized.spans.spans()).hasSize(2).allSatisfy(span -> {
      assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
      assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
      assertThat(span.tag("seen.request")).isEqualTo("yes");
      assertThat(span.tag("seen.response")).isEqualTo("yes");
    });
  }

  @Test
  void unsampledRequestRecordsNothingAndHandleSendIgnoresItsSpan() {
    HttpHarness unsampled = HttpHarness.create(tracing -> tracing.sampler(Sampler.NEVER));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books");
    Span span = unsampled.server.handleReceive(request);
    unsampled.server.handleSend(new FakeHttp.ServerResponse(request, 500), span);

    assertThat(span.isNoop()).isTrue();
    assertThat(unsampled.spans.spans()).isEmpty();
  }

  @Test
  void redactionAppliesToEveryTagValue() {
    HttpHarness redacting = HttpHarness.create(
        tracing -> tracing.addSpanHandler(RedactingSpanHandler.create(
            List.of("token=[^&]*", "\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b"), "***")),
        http -> http.stripQuery(false)
            .requestHeaderTags(List.of("x-debug-info"))
            .responseHeaderTags(List.of("location"))
            .addCustomizer(new HttpSpanCustomizer() {
              @Override
              public void onRequest(HttpRequest request, Span span) {
                span.tag("card", "paid with 4111-1111-1111-1111");
              }
            }));
    FakeHttp.ServerRequest request =
        new FakeHttp.ServerRequest("GET", "/orders").header("x-debug-info", "card 4111-1111-1111-1111");
    request.query = "token=abc123&page=2";
    FakeHttp.ServerResponse response =
        new FakeHttp.ServerResponse(request, 302).header("Location", "/login?token=xyz");
    redacting.serve(request, response);

    MutableSpan span = redacting.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/orders?***&page=2");
    assertThat(span.tag("http.request.header.x-debug-info")).isEqualTo("card ***");
    assertThat(span.tag("http.response.header.location")).isEqualTo("/login?***");
    assertThat(span.tag("card")).isEqualTo("paid with ***");
    assertThat(span.tag(HttpTags.REQUEST_ID)).matches("[0-9a-f-]{36}");
  }

  @Test
  void tagValuesAreCutToTheConfiguredLength() {
    HttpHarness capped = HttpHarness.create(tracing -> tracing.maxTagValueLength(12),
        http -> http.requestHeaderTags(List.of("user-agent")));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books/a-very-long-path-indeed")
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64)");
    capped.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = capped.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books/a-ver");
    assertThat(span.tag("http.request.header.user-agent")).isEqualTo("Mozilla/5.0 ");
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
  }

  @Test
  void tagsBeyondTheCapAreDroppedAndTheDefaultsComeFirst() {
    HttpHarness capped = HttpHarness.create(tracing -> tracing.maxTagsPerSpan(4),
        http -> http.requestHeaderTags(List.of("user-agent")).addCustomizer(new HttpSpanCustomizer() {
          @Override
          public void onRequest(HttpRequest request, Span span) {
            span.tag("custom", "dropped");
          }
        }));
    FakeHttp.ServerRequest request = new FakeHttp.ServerRequest("GET", "/books").header("user-agent", "curl");
    capped.serve(request, new FakeHttp.ServerResponse(request, 200));

    MutableSpan span = capped.spans.onlySpan(SpanKind.SERVER);
    assertThat(span.tagCount()).isEqualTo(4);
    assertThat(span.tag(HttpTags.REQUEST_ID)).isNotNull();
    assertThat(span.tag(HttpTags.METHOD)).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/books");
    assertThat(span.tag("http.request.header.user-agent")).isEqualTo("curl");
    assertThat(span.tag("custom")).isNull();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
  }
}
