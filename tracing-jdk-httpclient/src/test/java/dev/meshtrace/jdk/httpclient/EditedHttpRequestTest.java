package dev.meshtrace.jdk.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.http.conformance.LoopbackHttpServer;
import dev.meshtrace.http.conformance.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request tracing hands the JDK: the application's request with the headers written, copied once by the JDK. */
class EditedHttpRequestTest {
  final JdkHeaderRules rules = new JdkHeaderRules();

  @Test
  void everythingButTheHeadersIsTheApplicationsRequest() {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("five stars");
    HttpRequest original = HttpRequest.newBuilder(URI.create("http://ratings:9080/ratings/0?v=1"))
        .method("PUT", body).timeout(Duration.ofSeconds(3)).expectContinue(true)
        .version(HttpClient.Version.HTTP_2).header("Content-Type", "text/plain").build();
    JdkClientRequest request = new JdkClientRequest(original, rules);
    request.header("x-request-id", "r-1");

    HttpRequest sent = request.build();

    assertThat(sent).isInstanceOf(EditedHttpRequest.class);
    assertThat(sent.method()).isEqualTo("PUT");
    assertThat(sent.uri()).isEqualTo(original.uri());
    assertThat(sent.bodyPublisher()).containsSame(body);
    assertThat(sent.timeout()).contains(Duration.ofSeconds(3));
    assertThat(sent.expectContinue()).isTrue();
    assertThat(sent.version()).contains(HttpClient.Version.HTTP_2);
    assertThat(sent.headers().map())
        .containsExactly(Map.entry("Content-Type", List.of("text/plain")), Map.entry("x-request-id", List.of("r-1")));
    assertThat(sent.toString()).isEqualTo(original.toString());
  }

  @Test
  void aRequestWithNothingWrittenIsSentAsItIs() {
    HttpRequest original = HttpRequest.newBuilder(URI.create("http://ratings/")).header("b3", "0").build();
    JdkClientRequest request = new JdkClientRequest(original, rules);
    request.removeHeader("traceparent"); // absent: nothing to edit

    assertThat(request.build()).isSameAs(original);
  }

  @Test
  void writtenFieldsReplaceTheApplicationsWhateverTheirCaseAndRemovedOnesAreGone() {
    HttpRequest original = HttpRequest.newBuilder(URI.create("http://ratings/"))
        .header("X-B3-TraceId", "stale").header("X-B3-TraceId", "staler").header("B3", "0")
        .header("Accept", "application/json").build();
    JdkClientRequest request = new JdkClientRequest(original, rules);
    request.removeHeader("b3");
    request.header("x-b3-traceid", "463ac35c9f6413ad");
    request.header("x-b3-spanid", "a2fb4a1d1a96d312");
    request.header("X-B3-SpanId", "b2fb4a1d1a96d312"); // the second write wins, under its own spelling
    request.removeHeader("b3"); // removed already

    HttpRequest sent = request.build();

    assertThat(sent.headers().map()).containsExactly(Map.entry("Accept", List.of("application/json")),
        Map.entry("X-B3-SpanId", List.of("b2fb4a1d1a96d312")),
        Map.entry("x-b3-traceid", List.of("463ac35c9f6413ad")));
    assertThat(sent.headers().firstValue("x-b3-spanid")).contains("b2fb4a1d1a96d312");
    assertThat(request.header("b3")).as("reads see the application's request").isEqualTo("0");
  }

  @Test
  void aFieldRemovedThenWrittenAgainIsSent() {
    JdkClientRequest request =
        new JdkClientRequest(HttpRequest.newBuilder(URI.create("http://ratings/")).header("b3", "0").build(), rules);
    request.removeHeader("B3");
    request.header("b3", "1");

    assertThat(request.build().headers().allValues("b3")).containsExactly("1");
  }

  @Test
  void namesAndValuesTheJdkWouldRefuseOrAlterAreLeftOutAndCounted() {
    JdkClientRequest request = new JdkClientRequest(HttpRequest.newBuilder(URI.create("http://ratings/")).build(),
        rules);
    request.header("upgrade", "websocket"); // restricted
    request.header("Content-Length", "5"); // restricted
    request.header("x city", "Zurich"); // not a token
    request.header("x-city", "Z\u00fcrich"); // sent as Z?rich
    request.header("x-note", "a\u0001b"); // a control character
    request.header("x-note", "\u007f");
    request.header("x-tabbed", "!a\tb c~"); // tabs, spaces and every visible ASCII character are fine
    request.header("upgrade", "h2c"); // refused again, from what this client learnt of the name

    assertThat(rules.refused()).isEqualTo(7);
    assertThat(request.build().headers().map()).containsOnlyKeys("x-tabbed");
    assertThat(request.build().headers().firstValue("x-tabbed")).contains("!a\tb c~");
  }

  @Test
  void aFieldWrittenThenRemovedIsNotSent() {
    JdkClientRequest request = new JdkClientRequest(HttpRequest.newBuilder(URI.create("http://ratings/")).build(),
        rules);
    request.header("x-b3-sampled", "1");
    request.header("x-request-id", "r-1");
    request.removeHeader("X-B3-Sampled");

    assertThat(request.build().headers().map()).containsOnlyKeys("x-request-id");
  }

  @Test
  void theMapTheJdkCopiesListsTheSameFieldsWhicheverWayItIsRead() {
    HeaderEdits edits = new HeaderEdits(
        HttpRequest.newBuilder(URI.create("http://ratings/")).header("a", "1").header("b", "2").build()
            .headers().map());
    edits.setField("B", "3");
    edits.setField("c", "4");
    edits.removeField("a");
    List<String> walked = new ArrayList<>();
    edits.forEach((name, values) -> walked.add(name + "=" + values));

    assertThat(walked).containsExactly("B=[3]", "c=[4]");
    assertThat(edits).containsExactly(Map.entry("B", List.of("3")), Map.entry("c", List.of("4")));
    assertThat(edits.hasField("A")).isFalse();
    assertThat(edits.hasField("b")).isTrue();
  }

  @Test
  void manyWrittenFieldsAllReachTheNextHopOverARealCall() throws Exception {
    try (LoopbackHttpServer server = new LoopbackHttpServer()) {
      JdkClientRequest request = new JdkClientRequest(
          HttpRequest.newBuilder(server.uri("/reviews")).header("x-app", "kept").build(), rules);
      for (int i = 0; i < 24; i++) request.header("x-field-" + i, "v" + i); // fills the grown edits exactly

      HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      RecordedRequest received = server.takeRequest(Duration.ofSeconds(10));
      assertThat(received.single("x-app")).isEqualTo("kept");
      for (int i = 0; i < 24; i++) assertThat(received.single("x-field-" + i)).isEqualTo("v" + i);
    }
  }

  @Test
  void aViewStandsInOnlyForAJdkWhoseRequestsDeclareNothingItDoesNotDelegate() {
    assertThat(EditedHttpRequest.delegatesAll(HttpRequest.class)).isTrue();
    assertThat(EditedHttpRequest.CAN_STAND_IN).as("JDK " + Runtime.version()).isTrue();
    assertThat(EditedHttpRequest.delegatesAll(RequestWithOptions.class)).isFalse();
  }

  @Test
  void whereAViewCannotStandInTheRequestIsRebuiltWithTheSameHeaders() {
    HttpRequest original = HttpRequest.newBuilder(URI.create("http://ratings/"))
        .POST(HttpRequest.BodyPublishers.ofString("5")).timeout(Duration.ofSeconds(2))
        .header("B3", "0").header("Accept", "application/json").build();
    HeaderEdits edits = new HeaderEdits(original.headers().map());
    edits.setField("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-1");
    edits.setField("x-request-id", "r-1");
    edits.removeField("accept");

    HttpRequest rebuilt = edits.rebuild(original);

    assertThat(rebuilt.headers()).isEqualTo(new EditedHttpRequest(original, edits).headers());
    assertThat(rebuilt.headers().map()).containsOnlyKeys("b3", "x-request-id");
    assertThat(rebuilt.method()).isEqualTo("POST");
    assertThat(rebuilt.timeout()).contains(Duration.ofSeconds(2));
    assertThat(rebuilt.bodyPublisher()).isEqualTo(original.bodyPublisher());
  }

  /** A request type of a later JDK, with a method a view would not pass on. */
  abstract static class RequestWithOptions extends HttpRequest {
    public abstract Optional<String> option(String name);
  }
}
