package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.http.HttpRequest;
import dev.meshtrace.http.HttpResponse;
import dev.meshtrace.http.HttpSpanCustomizer;
import dev.meshtrace.http.HttpTags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** The HTTP layer's client-side policies through the OkHttp adapter, against a real server on loopback. */
class OkHttpPoliciesTest extends OkHttpTracingFixture {

  @Test
  void listedHeadersAreTaggedButCredentialsNever() throws Exception {
    useTracing(tracing, http -> http.requestHeaderTags(List.of("X-Tenant", "Authorization", "Cookie"))
        .responseHeaderTags(List.of("X-Cache", "Set-Cookie")));
    server.enqueue(new MockResponse().setHeader("X-Cache", "hit").setHeader("Set-Cookie", "session=secret"));

    execute(new Request.Builder().url(url("/books/7")).header("X-Tenant", "acme")
        .header("Authorization", "Bearer secret").header("Cookie", "session=secret").build());

    Map<String, String> tags = new HashMap<>();
    clientSpans(1).get(0).forEachTag(tags::put);
    assertThat(tags).containsEntry(HttpTags.REQUEST_HEADER_PREFIX + "x-tenant", "acme")
        .containsEntry(HttpTags.RESPONSE_HEADER_PREFIX + "x-cache", "hit");
    assertThat(tags.keySet()).noneMatch(key -> key.contains("authorization") || key.contains("cookie"));
    assertThat(tags.values()).noneMatch(value -> value.contains("secret"));
    assertThat(takeRequest().getHeader("Authorization")).as("sent unchanged").isEqualTo("Bearer secret");
  }

  @Test
  void aStatusFrom400IsAnErrorAndOneBelowIsNot() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(399));
    server.enqueue(new MockResponse().setResponseCode(400));

    execute(get("/a"));
    execute(get("/b"));

    List<MutableSpan> attempts = clientSpans(2);
    assertThat(attempts).extracting(span -> span.tag(HttpTags.STATUS_CODE), span -> span.tag(HttpTags.ERROR))
        .containsExactly(tuple("399", null), tuple("400", "400"));
  }

  @Test
  void aCustomizerRunsAfterTheDefaultsWithOkHttpsTypes() throws Exception {
    useTracing(tracing, http -> http.addCustomizer(new HttpSpanCustomizer() {
      @Override
      public void onRequest(HttpRequest request, Span span) {
        span.name("GET " + ((Request) request.unwrap()).url().host());
      }

      @Override
      public void onResponse(HttpResponse response, Span span) {
        span.tag("okhttp.protocol", ((Response) response.unwrap()).protocol().toString());
      }
    }));
    server.enqueue(new MockResponse());

    execute(get("/books/7"));

    MutableSpan span = clientSpans(1).get(0);
    assertThat(span.name()).isEqualTo("GET 127.0.0.1");
    assertThat(span.tag("okhttp.protocol")).isEqualTo("http/1.1");
    assertThat(span.tag(HttpTags.PATH)).as("the defaults ran too").isEqualTo("/books/7");
  }
}
