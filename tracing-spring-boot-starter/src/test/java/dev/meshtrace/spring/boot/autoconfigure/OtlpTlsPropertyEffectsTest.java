package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.OtlpAutoConfigurationTest.finishSpan;
import static dev.meshtrace.spring.boot.autoconfigure.ZipkinPropertyEffectsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.otlp.OtlpSpanHandler;
import dev.meshtrace.reporting.DropCause;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code meshtrace.otlp.certificate}, {@code client-key} and {@code client-certificate} by their effect: an OTLP/HTTP
 * collector on a real loopback TLS socket, its certificate signed by a test CA the JDK does not trust, and for mTLS
 * requiring a client certificate that CA signed.
 */
class OtlpTlsPropertyEffectsTest {
  final MockWebServer collector = new MockWebServer();
  HeldCertificate ca;
  HeldCertificate server;
  Path caPem;
  Path clientPem;
  Path clientKeyPem;

  @TempDir
  Path dir;

  @BeforeEach
  void certificates() throws IOException {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
    server = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
        .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
    HeldCertificate client = new HeldCertificate.Builder().signedBy(ca).commonName("reviews-app").build();
    caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    clientPem = Files.writeString(dir.resolve("client.pem"), client.certificatePem());
    clientKeyPem = Files.writeString(dir.resolve("client-key.pem"), client.privateKeyPkcs8Pem());
  }

  @AfterEach
  void stop() throws IOException {
    collector.shutdown();
  }

  /** Serves TLS with the CA-signed certificate; with {@code requireClientCertificate}, mTLS. */
  void startTls(boolean requireClientCertificate) throws IOException {
    HandshakeCertificates serverSide = new HandshakeCertificates.Builder().heldCertificate(server)
        .addTrustedCertificate(ca.certificate()).build();
    collector.useHttps(serverSide.sslSocketFactory(), false);
    if (requireClientCertificate) collector.requireClientAuth();
    for (int i = 0; i < 2; i++) collector.enqueue(new MockResponse().setResponseCode(200));
    collector.start();
  }

  /** Uncompressed, one attempt per message (a refused handshake is counted at once). */
  ApplicationContextRunner runner(String... properties) {
    return new ApplicationContextRunner()
        .withPropertyValues("meshtrace.otlp.endpoint=" + collector.url("/v1/traces"),
            "meshtrace.otlp.protocol=http/protobuf", "meshtrace.otlp.compression=false",
            "meshtrace.otlp.flush-interval=20ms",
            "meshtrace.otlp.retry.max-attempts=1", "meshtrace.zipkin.enabled=false")
        .withPropertyValues(properties)
        .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
            MeshtraceZipkinAutoConfiguration.class, MeshtraceOtlpAutoConfiguration.class));
  }

  RecordedRequest post() throws InterruptedException {
    RecordedRequest post = collector.takeRequest(30, TimeUnit.SECONDS);
    assertThat(post).as("a message reached the collector").isNotNull();
    return post;
  }

  static String sentSpanId(RecordedRequest post) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(post.getBody().readByteArray());
    return HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId()
        .toByteArray());
  }

  /** The handshake failed: the span counted as a failed send, and no request reached the collector. */
  static void refused(OtlpSpanHandler handler, MockWebServer collector) throws InterruptedException {
    await("the refused send", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
    assertThat(collector.getRequestCount()).isZero();
  }

  @Test
  void certificateIsTheCaTrustedForTheCollector() throws IOException {
    startTls(false);
    // Without it the JDK's CAs are trusted, none of which signed the collector's certificate.
    runner().run(context -> {
      finishSpan(context.getBean(Tracer.class));
      refused(context.getBean(OtlpSpanHandler.class), collector);
    });

    runner("meshtrace.otlp.certificate=" + caPem).run(context -> {
      Span span = finishSpan(context.getBean(Tracer.class));
      RecordedRequest post = post();
      assertThat(post.getRequestUrl().isHttps()).isTrue();
      assertThat(sentSpanId(post)).isEqualTo(span.context().spanIdString());
    });
  }

  @Test
  void clientKeyAndClientCertificateAreWhatTheCollectorAuthenticates() throws IOException {
    startTls(true);
    // The collector is trusted, but it requires a client certificate.
    runner("meshtrace.otlp.certificate=" + caPem).run(context -> {
      finishSpan(context.getBean(Tracer.class));
      refused(context.getBean(OtlpSpanHandler.class), collector);
    });

    runner("meshtrace.otlp.certificate=" + caPem, "meshtrace.otlp.client-key=" + clientKeyPem,
        "meshtrace.otlp.client-certificate=" + clientPem).run(context -> {
          Span span = finishSpan(context.getBean(Tracer.class));
          RecordedRequest post = post();
          assertThat(post.getHandshake().peerPrincipal().getName()).contains("CN=reviews-app");
          assertThat(sentSpanId(post)).isEqualTo(span.context().spanIdString());
        });
  }

  @Test
  void aClientKeyWithoutItsCertificateFailsStartupNamingIt() {
    runner("meshtrace.otlp.client-key=" + clientKeyPem).run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("meshtrace.otlp.client-key"));
    runner("meshtrace.otlp.client-certificate=" + clientPem).run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("meshtrace.otlp.client-certificate"));
  }
}
