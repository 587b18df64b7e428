package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.RetryPolicy;
import io.grpc.Status;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OTLP/gRPC against a real grpc-java TraceService: h2c, TLS with our CA, mTLS, status codes and retry. */
class OtlpGrpcTest {
  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), 1.5);

  @TempDir
  Path dir;

  static OtlpSpanHandler.Builder builder(String endpoint) {
    return OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.GRPC).endpoint(endpoint)
        .flushInterval(Duration.ofMillis(20)).retry(FAST_RETRY);
  }

  @Test
  void cleartextHttp2WithHeadersAndGzip() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1"))
            .header("authorization", "Bearer t0ken").build()) {
      Spans.report(handler, 1, 3);

      int spans = 0;
      while (spans < 3) {
        OtlpGrpcReceiver.Received received = receiver.take();
        assertThat(received.header("authorization")).isEqualTo("Bearer t0ken");
        assertThat(received.header("grpc-encoding")).isEqualTo("gzip");
        for (var resourceSpans : received.request().getResourceSpansList()) {
          assertThat(resourceSpans.getScopeSpans(0).getScope().getName()).isEqualTo("dev.meshtrace");
          for (Span span : resourceSpans.getScopeSpans(0).getSpansList()) {
            spans++;
            assertThat(span.getName()).isEqualTo("span-" + spans);
            assertThat(OtlpMappingTest.hex(span.getSpanId())).isEqualTo(String.format("%016x", spans));
            assertThat(span.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_000_000L);
            assertThat(span.getEndTimeUnixNano()).isEqualTo(1_700_000_000_000_500_000L);
          }
        }
      }
      Spans.await("sent", () -> handler.metrics().spansSent() == 3);
    }
  }

  @Test
  void uncompressed() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).compression(false).build()) {
      Spans.report(handler, 1, 1);

      OtlpGrpcReceiver.Received received = receiver.take();
      assertThat(received.header("grpc-encoding")).isNull();
      assertThat(OtlpMappingTest.onlySpan(received.request()).getName()).isEqualTo("span-1");
    }
  }

  @Test
  void tlsWithACustomCa() throws IOException {
    Certificates certificates = new Certificates(dir);
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.tls(certificates.serverCert.toFile(),
            certificates.serverKey.toFile(), null);
        OtlpSpanHandler handler = builder(receiver.endpoint("https", "localhost"))
            .trustedCertificates(certificates.caCert).build()) {
      Spans.report(handler, 1, 1);

      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");
    }
  }

  @Test
  void mutualTls() throws IOException {
    Certificates certificates = new Certificates(dir);
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.tls(certificates.serverCert.toFile(),
            certificates.serverKey.toFile(), certificates.caCert.toFile());
        OtlpSpanHandler withClientCert = builder(receiver.endpoint("https", "localhost"))
            .trustedCertificates(certificates.caCert)
            .clientCertificate(certificates.clientKey, certificates.clientCert).build();
        OtlpSpanHandler without = builder(receiver.endpoint("https", "localhost"))
            .retry(RetryPolicy.NONE).trustedCertificates(certificates.caCert).build()) {
      Spans.report(withClientCert, 1, 1);
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");

      Spans.report(without, 2, 1);
      Spans.await("refused", () -> without.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
      // The refused handshake, or the connection the collector then closed: a failure of the exchange itself.
      assertThat(without.metrics().lastSendFailure())
          .hasMessageContaining(" calling " + receiver.endpoint("https", "localhost"));
      assertThat(receiver.count()).isZero();
    }
  }

  @Test
  void unavailableIsRetriedAndDelivered() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).build()) {
      receiver.answer(OtlpGrpcReceiver.Answer.error(Status.UNAVAILABLE),
          OtlpGrpcReceiver.Answer.error(Status.UNAVAILABLE));
      Spans.report(handler, 1, 1);

      for (int attempt = 1; attempt <= 3; attempt++) {
        assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");
      }
      Spans.await("sent", () -> handler.metrics().spansSent() == 1);
      assertThat(handler.metrics().spansDropped()).isZero();
      assertThat(handler.metrics().messagesFailed()).isZero();
    }
  }

  @Test
  void invalidArgumentIsNotRetried() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).build()) {
      receiver.answer(OtlpGrpcReceiver.Answer.error(Status.INVALID_ARGUMENT.withDescription("bad span")));
      Spans.report(handler, 1, 1);

      receiver.take();
      Spans.await("failed", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
      assertThat(handler.metrics().lastSendFailure()).hasMessageContaining("gRPC status 3")
          .hasMessageContaining("bad span");
      Spans.report(handler, 2, 1); // the next request proves no retry was sent in between
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-2");
    }
  }

  @Test
  void partialSuccessCountsRejectedSpans() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1"))
            .flushInterval(Duration.ofMillis(200)).build()) {
      receiver.answer(OtlpGrpcReceiver.Answer.partialSuccess(2));
      Spans.report(handler, 1, 3);

      // The first request (one, two or all three spans) is answered with 2 rejected, any later one with none.
      int inFirst = receiver.take().request().getResourceSpansCount();
      Spans.await(() -> "all counted: " + handler.metrics(),
          () -> handler.metrics().spansSent() + handler.metrics().spansDropped() == 3);
      assertThat(handler.metrics().spansDropped(DropCause.REJECTED)).isEqualTo(Math.min(2, inFirst));
      assertThat(handler.metrics().spansSent()).isEqualTo(3 - Math.min(2, inFirst));
    }
  }

  @ParameterizedTest(name = "answer compressed: {0}")
  @ValueSource(booleans = {false, true})
  void aPartialSuccessIsReadFromALongAndACompressedAnswer(boolean compressed) {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).build()) {
      if (compressed) receiver.compressAnswers();
      // A message of over 256 bytes: the gRPC frame's length takes two of its four bytes.
      receiver.answer(OtlpGrpcReceiver.Answer.partialSuccess(1, "span too old: ".repeat(25)));
      Spans.report(handler, 1, 1);

      receiver.take();
      Spans.await(() -> "counted: " + handler.metrics(), () -> settled(handler) == 1);
      assertThat(handler.metrics().spansDropped(DropCause.REJECTED)).isOne();
      assertThat(handler.metrics().spansSent()).isZero();
    }
  }

  /** The OTLP specification: RESOURCE_EXHAUSTED is retried only when the status carries a RetryInfo. */
  @ParameterizedTest(name = "message of {0} more characters")
  @ValueSource(ints = {0, 1, 2})
  void resourceExhaustedWithRetryInfoIsRetried(int longer) {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).build()) {
      // Details of three lengths: their base64 (sent without padding, as gRPC does) ends in each possible way.
      receiver.answer(OtlpGrpcReceiver.Answer.error(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("memory limit reached" + "!".repeat(longer))
          .addDetails(Any.pack(RetryInfo.newBuilder()
              .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(1_000_000)).build()))
          .build()));
      Spans.report(handler, 1, 1);

      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");
      Spans.await(() -> "settled: " + handler.metrics(), () -> settled(handler) == 1);
      assertThat(handler.metrics().spansSent()).as("delivered by a retry").isOne();
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-1");
      assertThat(handler.metrics().sendRetries()).isOne();
    }
  }

  @Test
  void resourceExhaustedWithoutRetryInfoIsNotRetried() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.cleartext();
        OtlpSpanHandler handler = builder(receiver.endpoint("http", "127.0.0.1")).build()) {
      receiver.answer(OtlpGrpcReceiver.Answer.error(Status.RESOURCE_EXHAUSTED.withDescription("too many requests")),
          OtlpGrpcReceiver.Answer.error(com.google.rpc.Status.newBuilder() // details, but no RetryInfo among them
              .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("quota exceeded")
              .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("QUOTA_EXCEEDED").setDomain("collector").build()))
              .build()));
      for (int span = 1; span <= 2; span++) {
        int settled = span;
        Spans.report(handler, span, 1);
        assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-" + span);
        Spans.await(() -> "settled: " + handler.metrics(), () -> settled(handler) == settled);
        assertThat(handler.metrics().spansDropped(DropCause.SEND_FAILED)).as("not retried").isEqualTo(span);
      }
      assertThat(handler.metrics().lastSendFailure()).hasMessageContaining("gRPC status 8")
          .hasMessageContaining("quota exceeded");
      Spans.report(handler, 3, 1); // the next request proves no retry was sent in between
      assertThat(OtlpMappingTest.onlySpan(receiver.take().request()).getName()).isEqualTo("span-3");
      assertThat(handler.metrics().sendRetries()).isZero();
    }
  }

  /** Spans delivered or dropped: how many the handler is done with. */
  static long settled(OtlpSpanHandler handler) {
    return handler.metrics().spansSent() + handler.metrics().spansDropped();
  }

  /** A CA, a server certificate for localhost and a client certificate it signed, as PEM files. */
  static final class Certificates {
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;

    Certificates(Path dir) throws IOException {
      HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
      HeldCertificate server = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
          .addSubjectAlternativeName("localhost").build();
      HeldCertificate client = new HeldCertificate.Builder().signedBy(ca).commonName("app").build();
      caCert = write(dir, "ca.pem", ca.certificatePem());
      serverCert = write(dir, "server.pem", server.certificatePem());
      serverKey = write(dir, "server-key.pem", server.privateKeyPkcs8Pem());
      clientCert = write(dir, "client.pem", client.certificatePem());
      clientKey = write(dir, "client-key.pem", client.privateKeyPkcs8Pem());
    }

    private static Path write(Path dir, String name, String pem) throws IOException {
      return Files.writeString(dir.resolve(name), pem);
    }
  }
}
