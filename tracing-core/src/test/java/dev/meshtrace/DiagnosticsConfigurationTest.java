package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.diagnostics.Describable;
import dev.meshtrace.diagnostics.Secrets;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration half of {@code tracing.diagnostics()}, and the masking of secrets in it. */
class DiagnosticsConfigurationTest {
  /** A reporter-like handler that describes itself, as the Zipkin and OTLP handlers do. */
  static final class Exporter implements SpanHandler, Describable {
    @Override
    public boolean end(TraceContext context, MutableSpan span) {
      return true;
    }

    @Override
    public Map<String, Object> describe() {
      Map<String, Object> description = new LinkedHashMap<>();
      description.put("type", "exporter");
      description.put("endpoint", Secrets.maskUrl("https://user:s3cret@otlp.example.com:4318/v1/traces?api_key=k1&x=2"));
      description.put("headers", Secrets.maskValues(Map.of("authorization", "Bearer t0ken")));
      return description;
    }
  }

  @Test
  void summarisesTheTracerWithSecretsMasked() {
    Propagation propagation = Propagation.newBuilder().extract(List.of(Format.W3C)).inject(List.of(Format.B3))
        .addForwardHeader("x-tenant-id").build();
    try (Tracing tracing = Tracing.newBuilder().serviceName("reviews").mode(Mode.FORWARD)
        .sampler(Sampler.probability(0.25)).propagation(propagation).addSpanHandler(new InMemorySpanCollector())
        .addSpanHandler(new Exporter()).build()) {
      Map<String, Object> configuration = tracing.diagnostics().configuration();

      assertThat(configuration).containsEntry("serviceName", "reviews").containsEntry("mode", "forward")
          .containsEntry("sampler", "probability(0.25)").containsEntry("extractFormats", List.of("w3c"))
          .containsEntry("injectFormats", List.of("b3"));
      @SuppressWarnings("unchecked")
      List<String> forwarded = (List<String>) configuration.get("forwardedHeaders");
      assertThat(forwarded).contains("x-request-id", "x-tenant-id");
      assertThat(configuration.get("spanHandlers")).isEqualTo(List.of(
          Map.of("type", InMemorySpanCollector.class.getName()),
          Map.of("type", "exporter", "endpoint", "https://***@otlp.example.com:4318/v1/traces?api_key=***&x=***",
              "headers", Map.of("authorization", "***"))));
      assertThat(configuration.toString()).doesNotContain("s3cret", "k1", "t0ken");
      assertThat(configuration.get("orphanCalls"))
          .isEqualTo(Map.of("enabled", true, "backgroundThreads", List.of(), "maxCallSites", 100));
    }
  }

  @Test
  void urlsWithoutSecretsAreUnchanged() {
    assertThat(Secrets.maskUrl("http://zipkin:9411/api/v2/spans")).isEqualTo("http://zipkin:9411/api/v2/spans");
    assertThat(Secrets.maskUrl(null)).isNull();
    assertThat(Secrets.maskUrl("http://a@b@host/")).doesNotContain("a@b");
    assertThat(Secrets.maskUrl("ZipkinSpanHandler{http://u:pw@zipkin:9411/api/v2/spans?token=t1}"))
        .isEqualTo("ZipkinSpanHandler{http://***@zipkin:9411/api/v2/spans?token=***}");
  }
}
