package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures a retry may help with, as the OTLP specification and the JDK's HTTP clients tell. */
class SendFailureTest {
  @Test
  void theStatusesTheOtlpSpecificationRetries() {
    assertThat(IntStream.rangeClosed(100, 599).filter(SendFailure::retryableStatus).boxed())
        .containsExactly(429, 502, 503, 504);
  }

  @Test
  void connectionFailuresAndTimeoutsAreRetryable() {
    assertThat(SendFailure.of(new ConnectException("refused")).retryable()).isTrue();
    assertThat(SendFailure.of(new NoRouteToHostException("no route")).retryable()).isTrue();
    assertThat(SendFailure.of(new SocketTimeoutException("read timed out")).retryable()).isTrue();
    assertThat(SendFailure.of(new HttpTimeoutException("request timed out")).retryable()).isTrue();
    assertThat(SendFailure.of(new SocketException("Connection reset")).retryable()).as("reset").isTrue();
    assertThat(SendFailure.of(new SocketException("Broken pipe")).retryable()).as("broken pipe").isTrue();
    assertThat(SendFailure.of(new UnknownHostException("collector.invalid")).retryable()).as("no such host")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void anHttpUrlConnectionErrorStatusThatMayPassIsRetryable(int status) {
    IOException error = new IOException("Server returned HTTP response code: " + status + " for URL: http://x/");
    assertThat(SendFailure.of(error).retryable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 404, 413, 500, 501, 505})
  void otherErrorStatusesAreNot(int status) {
    IOException error = new IOException("Server returned HTTP response code: " + status + " for URL: http://x/");
    assertThat(SendFailure.of(error).retryable()).isFalse();
  }

  @Test
  void otherFailuresAreNotRetryable() {
    assertThat(SendFailure.of(new IOException("connection reset")).retryable()).as("not a connection failure type")
        .isFalse();
    assertThat(SendFailure.of(new javax.net.ssl.SSLHandshakeException("bad certificate")).retryable())
        .as("a TLS failure does not heal by retrying").isFalse();
    assertThat(SendFailure.of(new IOException()).retryable()).as("no message").isFalse();
    assertThat(SendFailure.of(new IllegalStateException("HTTP response code: 503")).retryable())
        .as("only an IOException carries a status").isFalse();
  }

  @Test
  void wrapsTheErrorWithoutARetryAfter() {
    ConnectException refused = new ConnectException("refused");
    SendFailure failure = SendFailure.of(refused);
    assertThat(failure).hasCause(refused).hasMessage("java.net.ConnectException: refused");
    assertThat(failure.retryAfterNanos()).isEqualTo(-1);
  }

  @Test
  void aSendFailureIsItsOwnVerdict() {
    SendFailure failure = new SendFailure("503", true, 42);
    assertThat(SendFailure.of(failure)).isSameAs(failure);
    assertThat(failure.retryAfterNanos()).isEqualTo(42);
    assertThat(new SendFailure("400", false, -1).retryable()).isFalse();
  }
}
