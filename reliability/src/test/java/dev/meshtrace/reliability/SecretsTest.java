package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import dev.meshtrace.testing.KafkaBroker;
import dev.meshtrace.testing.KafkaSpanTopic;
import dev.meshtrace.testing.ZipkinServer;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;
import zipkin2.Span;

/**
 * Credentials never leave in a span: the credential headers even when an operator lists them as tags, a user name
 * and password in a downstream URL, a query string, and values matching the redaction patterns. Checked by reading
 * back what the real Zipkin server stored for each trace, and by scanning what every other exporter delivered (OTLP
 * over HTTP and gRPC, as the collectors decoded it; the Kafka topic's messages as they are on the broker), the
 * service's log and its diagnostics, where the exporter's own credential (an OTLP header) must not show either.
 */
class SecretsTest {
  @RegisterExtension
  static final ZipkinServerExtension ZIPKIN = new ZipkinServerExtension();
  static final Pattern SECRET = Pattern.compile("s3cr3t|5ec7e7");

  static final List<String> PATHS = List.of("/reviews/1?token=s3cr3t-query", "/reviews-as-alice/2?password=s3cr3t-query");
  static final List<String> SCANNED = new ArrayList<>();

  /** What every service here is told: credential headers listed as tags, and a redaction pattern. */
  static Map<String, Object> secretSettings() {
    return Map.of(
        "meshtrace.http.server.trace-response", true,
        "meshtrace.http.tags.request-headers", "authorization,proxy-authorization,cookie,x-api-key,x-tenant",
        "meshtrace.http.tags.response-headers", "set-cookie",
        "meshtrace.redaction.patterns", "apikey-[0-9a-f]+");
  }

  /** Sends {@link #PATHS} with credentials in every place a request has them; the trace ID of each. */
  static List<String> sendRequestsWithCredentials(ConfigurableApplicationContext app) throws Exception {
    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    List<String> traceIds = new ArrayList<>();
    for (String path : PATHS) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer s3cr3t-bearer")
          .header("Proxy-Authorization", "Basic s3cr3t-proxy")
          .header("Cookie", "session=s3cr3t-cookie")
          .header("X-Api-Key", "apikey-5ec7e7")
          .header("X-Tenant", "acme").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      traceIds.add(response.headers().firstValue("traceresponse").orElseThrow().split("-")[1]);
    }
    return traceIds;
  }

  /** No secret in {@code text}, which must hold the harmless tag value, so that it is known to carry the tags. */
  static void assertNoSecret(String where, String text, boolean holdsTags) {
    if (holdsTags) assertThat(text).as(where + " holds the recorded tags").contains("acme");
    assertThat(text).as(where + " was read").isNotBlank();
    Matcher secret = SECRET.matcher(text);
    boolean found = secret.find();
    String around = found
        ? text.substring(Math.max(0, secret.start() - 120), Math.min(text.length(), secret.end() + 120)) : "";
    assertThat(found).as("%s: a secret in ...%s...", where, around).isFalse();
    SCANNED.add(where);
  }

  @Test
  void noCredentialReachesTheBackend() throws Exception {
    ZipkinServer zipkin = ZIPKIN.server();
    Map<String, Object> properties = new HashMap<>(secretSettings());
    properties.put("meshtrace.zipkin.endpoint", zipkin.spansEndpoint());
    properties.put("meshtrace.zipkin.flush-interval", "100ms");
    List<Span> stored = new ArrayList<>();
    try (OutputCapture output = new OutputCapture();
        ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
      for (String traceId : sendRequestsWithCredentials(app)) {
        stored.addAll(zipkin.api().awaitTrace(traceId, ReviewsApp.SPANS_PER_REQUEST, Duration.ofSeconds(60)));
      }
      assertNoSecret("Zipkin: the diagnostics", String.valueOf(app.getBean(Tracing.class).diagnostics()), false);
      app.close();
      assertThat(output.text()).as("the log was captured").contains("Tomcat started on port");
      assertNoSecret("Zipkin: the service's log", output.text(), false);
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
    SCANNED.add("Zipkin: the real server's stored spans");
  }

  /** The exporters besides Zipkin's HTTP sender, each delivering to a backend that keeps what it received. */
  enum Exporter {
    OTLP_HTTP, OTLP_GRPC, KAFKA
  }

  @ParameterizedTest
  @EnumSource(Exporter.class)
  void noCredentialReachesAnyExporterTheLogOrTheDiagnostics(Exporter exporter) throws Exception {
    Map<String, Object> properties = new HashMap<>(secretSettings());
    int port = TransportFaultsTest.freePort();
    Tally tally = new Tally();
    AutoCloseable backend;
    KafkaSpanTopic topic = null;
    if (exporter == Exporter.KAFKA) {
      KafkaBroker broker = KafkaBroker.start(port);
      backend = broker;
      topic = new KafkaSpanTopic(broker.bootstrapServers(), "zipkin");
      properties.put("meshtrace.zipkin.sender", "kafka");
      properties.put("meshtrace.zipkin.kafka.bootstrap-servers", broker.bootstrapServers());
      properties.put("meshtrace.zipkin.flush-interval", "100ms");
    } else {
      TransportFaultsTest.Transport transport = exporter == Exporter.OTLP_HTTP
          ? TransportFaultsTest.Transport.OTLP_HTTP : TransportFaultsTest.Transport.OTLP_GRPC;
      backend = transport.start(port, tally);
      properties.putAll(transport.properties("127.0.0.1", port));
      properties.put("meshtrace.otlp.headers.authorization", "Bearer s3cr3t-exporter");
    }
    int spans = PATHS.size() * ReviewsApp.SPANS_PER_REQUEST;
    try (AutoCloseable closeBackend = backend; KafkaSpanTopic closeTopic = topic;
        OutputCapture output = new OutputCapture();
        ConfigurableApplicationContext app = ReviewsApp.start(properties)) {
      sendRequestsWithCredentials(app);
      String received;
      if (topic != null) {
        topic.awaitSpans(spans);
        StringBuilder messages = new StringBuilder();
        for (byte[] message : topic.messages()) messages.append(new String(message, StandardCharsets.UTF_8));
        received = messages.toString();
      } else {
        TransportFaultsTest.awaitTrue(() -> tally.spansAccepted() >= spans, tally::toString);
        received = tally.acceptedText();
      }
      assertNoSecret(exporter + ": what the backend received", received, true);
      assertNoSecret(exporter + ": the diagnostics", String.valueOf(app.getBean(Tracing.class).diagnostics()),
          false);
      app.close();
      assertThat(output.text()).as("the log was captured").contains("Tomcat started on port");
      assertNoSecret(exporter + ": the service's log", output.text(), false);
    }
  }

  @AfterAll
  static void report() {
    Report.section("30-secrets", "Secrets", "Two requests through the service, with the credentials below, on every "
        + "exporter: what the real Zipkin server stored, what the OTLP/HTTP and OTLP/gRPC collectors decoded, and "
        + "the Kafka topic's messages as they are on the broker, are scanned for them; so are the service's log and "
        + "its diagnostics (`tracing.diagnostics()`, which the Actuator endpoint shows), where the OTLP exporter's "
        + "own `Authorization` header must not show either. Scanned: " + String.join("; ", SCANNED) + ".",
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
