package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.testing.ZipkinServer;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import zipkin2.Span;

/**
 * Credentials never leave in a span: the credential headers even when an operator lists them as tags, a user name
 * and password in a downstream URL, a query string, and values matching the redaction patterns. Checked by reading
 * back what the real Zipkin server stored for each trace.
 */
class SecretsTest {
  @RegisterExtension
  static final ZipkinServerExtension ZIPKIN = new ZipkinServerExtension();
  static final Pattern SECRET = Pattern.compile("s3cr3t|5ec7e7");

  @Test
  void noCredentialReachesTheBackend() throws Exception {
    ZipkinServer zipkin = ZIPKIN.server();
    Map<String, Object> properties = Map.of(
        "meshtrace.zipkin.endpoint", zipkin.spansEndpoint(),
        "meshtrace.zipkin.flush-interval", "100ms",
        "meshtrace.http.server.trace-response", true,
        "meshtrace.http.tags.request-headers", "authorization,proxy-authorization,cookie,x-api-key,x-tenant",
        "meshtrace.http.tags.response-headers", "set-cookie",
        "meshtrace.redaction.patterns", "apikey-[0-9a-f]+");
    List<Span> stored = new ArrayList<>();
    try (ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      for (String path : List.of("/reviews/1?token=s3cr3t-query", "/reviews-as-alice/2?password=s3cr3t-query")) {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer s3cr3t-bearer")
            .header("Proxy-Authorization", "Basic s3cr3t-proxy")
            .header("Cookie", "session=s3cr3t-cookie")
            .header("X-Api-Key", "apikey-5ec7e7")
            .header("X-Tenant", "acme").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        String traceId = response.headers().firstValue("traceresponse").orElseThrow().split("-")[1];
        stored.addAll(zipkin.api().awaitTrace(traceId, ReviewsApp.SPANS_PER_REQUEST, Duration.ofSeconds(60)));
      }
    }

    assertThat(stored).hasSize(2 * ReviewsApp.SPANS_PER_REQUEST);
    assertThat(stored).filteredOn(span -> span.kind() == Span.Kind.SERVER
            && span.tags().get("http.path").startsWith("/reviews")).hasSize(2)
        .as("the listed harmless header is recorded, so the others were not lost by accident")
        .allSatisfy(span -> assertThat(span.tags()).containsEntry("http.request.header.x-tenant", "acme")
            .containsEntry("http.request.header.x-api-key", "***"));
    assertThat(stored).filteredOn(span -> span.kind() == Span.Kind.CLIENT)
        .extracting(span -> span.tags().get("http.url")).contains(
            "http://REDACTED:REDACTED@127.0.0.1:" + "%s/ratings/2".formatted(portOf(stored)));
    for (Span span : stored) {
      assertThat(SECRET.matcher(span.toString()).find()).as("a secret in " + span).isFalse();
    }
    Report.section("30-secrets", "Secrets", "Two requests through the service, with the credentials below; what the "
        + "real Zipkin server stored for their traces (" + stored.size() + " spans) is scanned for them.",
        List.of("secret", "where it was sent", "found in the backend"),
        List.of(List.of("`Authorization`, `Proxy-Authorization`, `Cookie`", "request headers listed as tags", "0"),
            List.of("user name and password", "downstream URL (`http.url`)", "0 (`REDACTED:REDACTED`)"),
            List.of("query string", "request URL", "0 (stripped)"),
            List.of("value matching a redaction pattern", "request header listed as a tag", "0 (`***`)")));
  }

  /** The service's port, from the Host its spans recorded. */
  private static String portOf(List<Span> spans) {
    return spans.stream().map(span -> span.tags().get("http.host")).filter(host -> host != null).findFirst()
        .orElseThrow().split(":")[1];
  }
}
