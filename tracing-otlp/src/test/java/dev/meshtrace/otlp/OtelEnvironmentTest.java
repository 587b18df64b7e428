package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each OpenTelemetry environment variable, injected through a map, as it reaches the wire of a real receiver where
 * it can: precedence (builder over variable over default) and malformed values failing startup by name.
 */
class OtelEnvironmentTest {
  final Map<String, String> env = new HashMap<>();
  final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    receiver.close();
  }

  OtelEnvironment environment() {
    return OtelEnvironment.of(env::get);
  }

  OtlpSpanHandler.Builder builder() {
    return OtlpSpanHandler.newBuilder().environment(environment()).flushInterval(Duration.ofMillis(20));
  }

  /** Reports one span through a handler built from {@code builder}; returns what the receiver got. */
  OtlpHttpReceiver.Received reportOne(OtlpSpanHandler.Builder builder) {
    try (OtlpSpanHandler handler = builder.build()) {
      Spans.report(handler, 1, 1);
      return receiver.take();
    }
  }

  String base() {
    return "http://127.0.0.1:" + receiver.port();
  }

  @Test
  void endpointGetsTheSignalPathAppendedForHttp() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", base());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");

    assertThat(reportOne(builder()).path()).isEqualTo("/v1/traces");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", base() + "/otlp/");
    assertThat(reportOne(builder()).path()).isEqualTo("/otlp/v1/traces");
  }

  @Test
  void tracesEndpointIsUsedAsIsAndWinsOverTheBase() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://unused.invalid:4318");
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", base() + "/custom/path");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");

    assertThat(reportOne(builder()).path()).isEqualTo("/custom/path");
  }

  @Test
  void grpcEndpointIsUsedAsIs() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317");

    assertThat(environment().endpoint(OtlpProtocol.GRPC)).isEqualTo("http://collector:4317");
    assertThat(environment().protocol()).isNull();
    assertThat(OtlpSpanHandler.newBuilder().environment(environment()).build().toString())
        .isEqualTo("OtlpSpanHandler{grpc http://collector:4317}");
  }

  @ParameterizedTest
  @CsvSource({"http/json, application/json", "http/protobuf, application/x-protobuf", "HTTP/JSON, application/json"})
  void protocol(String protocol, String contentType) {
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.tracesUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);

    assertThat(reportOne(builder()).header("Content-Type")).isEqualTo(contentType);
  }

  @Test
  void tracesProtocolWinsOverTheGeneralOne() {
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    env.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json");

    assertThat(environment().protocol()).isEqualTo(OtlpProtocol.HTTP_JSON);
  }

  @Test
  void headersArePercentDecodedAndBuilderHeadersWin() {
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.tracesUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_HEADERS",
        "Authorization=Basic%20dXNlcjpwYXNz, x-scope-orgid = tenant+1,x-team=from-env");

    OtlpHttpReceiver.Received received = reportOne(builder().header("x-team", "from-builder"));
    assertThat(received.header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(received.header("x-scope-orgid")).isEqualTo("tenant+1");
    assertThat(received.header("x-team")).isEqualTo("from-builder");
  }

  @Test
  void compression() {
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.tracesUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
    assertThat(reportOne(builder()).header("Content-Encoding")).isNull();

    env.put("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "gzip");
    assertThat(reportOne(builder()).header("Content-Encoding")).isEqualTo("gzip");
    assertThat(reportOne(builder().compression(false)).header("Content-Encoding")).isNull();
  }

  @Test
  void timeoutInMilliseconds() {
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
    assertThat(environment().timeout()).isEqualTo(Duration.ofMillis(2500));
    env.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "40");
    assertThat(environment().timeout()).isEqualTo(Duration.ofMillis(40));
    env.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1"); // the least there is
    assertThat(environment().timeout()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aTimeoutFromTheEnvironmentBoundsAnAttempt() {
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.tracesUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "200");
    receiver.answer(new OtlpHttpReceiver.Answer(200, Map.of(), new byte[0], 5_000));
    try (OtlpSpanHandler handler = builder().retry(dev.meshtrace.reporting.RetryPolicy.NONE).build()) {
      Spans.report(handler, 1, 1);
      Spans.await("timed out", () -> handler.metrics().messagesFailed() == 1);
      // OkHttp's call timeout ("timeout") or its read timeout ("Read timed out"), whichever fires first.
      assertThat(handler.metrics().lastSendFailure()).hasMessageMatching("(?s).*(timeout|timed out).*");
    }
  }

  @Test
  void certificateFiles() throws Exception {
    OtlpGrpcTest.Certificates certificates = new OtlpGrpcTest.Certificates(dir);
    env.put("OTEL_EXPORTER_OTLP_CERTIFICATE", certificates.caCert.toString());
    env.put("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", certificates.clientKey.toString());
    env.put("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", certificates.clientCert.toString());
    assertThat(environment().certificate()).isEqualTo(certificates.caCert);
    assertThat(environment().clientKey()).isEqualTo(certificates.clientKey);
    assertThat(environment().clientCertificate()).isEqualTo(certificates.clientCert);

    try (OtlpGrpcReceiver grpc = OtlpGrpcReceiver.tls(certificates.serverCert.toFile(),
            certificates.serverKey.toFile(), certificates.caCert.toFile())) {
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", grpc.endpoint("https", "localhost"));
      try (OtlpSpanHandler handler = builder().build()) {
        Spans.report(handler, 1, 1);
        assertThat(OtlpMappingTest.onlySpan(grpc.take().request()).getName()).isEqualTo("span-1");
      }
    }
  }

  @Test
  void serviceNameAndResourceAttributes() {
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.tracesUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_RESOURCE_ATTRIBUTES",
        "service.name=from-attributes,deployment.environment.name=prod%2Ceu,k8s.pod.name=reviews-7d9");
    Map<String, AnyValue> resource = OtlpMappingTest.attributes(
        reportOne(builder()).request().getResourceSpans(0).getResource().getAttributesList());
    assertThat(resource).containsEntry("service.name", OtlpMappingTest.string("from-attributes"))
        .containsEntry("deployment.environment.name", OtlpMappingTest.string("prod,eu"))
        .containsEntry("k8s.pod.name", OtlpMappingTest.string("reviews-7d9"));

    env.put("OTEL_SERVICE_NAME", "from-service-name");
    assertThat(environment().serviceName()).isEqualTo("from-service-name");
    resource = OtlpMappingTest.attributes(reportOne(builder().serviceName("from-builder")).request()
        .getResourceSpans(0).getResource().getAttributesList());
    assertThat(resource).containsEntry("service.name", OtlpMappingTest.string("from-builder"));
  }

  @ParameterizedTest
  @CsvSource({"always_on, , ALWAYS", "parentbased_always_on, , ALWAYS", "always_off, , NEVER",
      "parentbased_always_off, , NEVER", "traceidratio, 1, ALWAYS", "traceidratio, 0, NEVER",
      "parentbased_traceidratio, , ALWAYS"})
  void sampler(String sampler, String arg, String expected) {
    env.put("OTEL_TRACES_SAMPLER", sampler);
    if (arg != null) env.put("OTEL_TRACES_SAMPLER_ARG", arg);

    assertThat(environment().sampler().toString()).isEqualTo(expected);
  }

  @Test
  void samplerRatio() {
    env.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "0.25");
    Sampler sampler = environment().sampler();
    long sampled = 0;
    for (long id = 1; id <= 10_000; id++) {
      if (sampler.isSampled(id * 0x9e3779b97f4a7c15L)) sampled++;
    }
    assertThat(sampled).isBetween(2_000L, 3_000L);
  }

  @Test
  void propagators() {
    env.put("OTEL_PROPAGATORS", "tracecontext, b3multi,baggage");
    Propagation propagation = environment().propagators(Propagation.newBuilder()).build();
    assertThat(propagation.extractFormats()).containsExactlyInAnyOrder(Format.W3C, Format.B3_MULTI);
    assertThat(propagation.injectFormats()).containsExactlyInAnyOrder(Format.W3C, Format.B3_MULTI);
    assertThat(propagation.forwardHeaders()).contains("baggage");

    env.put("OTEL_PROPAGATORS", "b3");
    propagation = environment().propagators(Propagation.newBuilder()).build();
    assertThat(propagation.injectFormats()).containsExactly(Format.B3);
    assertThat(propagation.forwardHeaders()).doesNotContain("baggage");
  }

  @Test
  void unsetVariablesLeaveTheDefaults() {
    assertThat(environment().protocol()).isNull();
    assertThat(environment().endpoint(OtlpProtocol.HTTP_PROTOBUF)).isNull();
    assertThat(environment().hasEndpoint()).isFalse();
    assertThat(environment().headers()).isNull();
    assertThat(environment().sampler()).isNull();
    assertThat(environment().propagators(Propagation.newBuilder()).build().injectFormats())
        .isEqualTo(Propagation.DEFAULT_INJECT);
    assertThat(OtlpSpanHandler.newBuilder().environment(environment()).build().toString())
        .isEqualTo("OtlpSpanHandler{grpc http://localhost:4317}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "OTEL_EXPORTER_OTLP_ENDPOINT|collector:4317",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT|ftp://collector",
      "OTEL_EXPORTER_OTLP_PROTOCOL|http",
      "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL|grpc/json",
      "OTEL_EXPORTER_OTLP_HEADERS|api-key",
      "OTEL_EXPORTER_OTLP_TRACES_HEADERS|a=b,=c",
      "OTEL_EXPORTER_OTLP_HEADERS|a=%zz",
      "OTEL_EXPORTER_OTLP_COMPRESSION|zstd",
      "OTEL_EXPORTER_OTLP_TIMEOUT|10s",
      "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT|0",
      "OTEL_EXPORTER_OTLP_CERTIFICATE|/no/such/ca.pem",
      "OTEL_EXPORTER_OTLP_CLIENT_KEY|/no/such/key.pem",
      "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE|/no/such/cert.pem",
      "OTEL_RESOURCE_ATTRIBUTES|team",
      "OTEL_TRACES_SAMPLER|jaeger_remote",
      "OTEL_PROPAGATORS|tracecontext,xray"})
  void aMalformedValueFailsStartupNamingTheVariable(String variable, String value) {
    env.put(variable, value);
    env.put("OTEL_TRACES_SAMPLER_ARG", "0.5");

    assertThatThrownBy(() -> {
      OtlpSpanHandler.newBuilder().environment(environment()).build().close();
      environment().sampler();
      environment().propagators(Propagation.newBuilder());
    }).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(variable + " ");
  }

  @Test
  void anUnreadableCertificateFailsNamingWhereItCameFrom() throws Exception {
    Path notPem = java.nio.file.Files.writeString(dir.resolve("not.pem"), "not a certificate");
    assertThatThrownBy(() -> builder().trustedCertificates(notPem).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OTLP TLS: ");

    env.put("OTEL_EXPORTER_OTLP_CERTIFICATE", notPem.toString());
    assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OTEL_EXPORTER_OTLP_CERTIFICATE/CLIENT_KEY/CLIENT_CERTIFICATE: ");

    OtlpGrpcTest.Certificates certificates = new OtlpGrpcTest.Certificates(dir);
    env.put("OTEL_EXPORTER_OTLP_CERTIFICATE", certificates.caCert.toString());
    assertThatThrownBy(() -> builder().clientCertificate(notPem, certificates.clientCert).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OTLP TLS: ");
  }

  @Test
  void aMalformedSamplerArgFailsNamingIt() {
    env.put("OTEL_TRACES_SAMPLER", "traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "1.5");

    assertThatThrownBy(() -> environment().sampler()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OTEL_TRACES_SAMPLER_ARG ");
  }

  @Test
  void blankValuesCountAsUnset() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "  ");
    env.put("OTEL_SERVICE_NAME", "");
    assertThat(environment().hasEndpoint()).isFalse();
    assertThat(environment().serviceName()).isNull();
  }
}
