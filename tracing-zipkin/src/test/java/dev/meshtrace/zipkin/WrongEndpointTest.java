package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An endpoint that is the wrong URL on the real Zipkin server (its UI, a typo in the path) is named as such once,
 * with the URL Zipkin takes spans at, whichever sender posts.
 */
class WrongEndpointTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  @ParameterizedTest
  @CsvSource({
      "/zipkin, 302, URL_CONNECTION", "/zipkin/, 405, URL_CONNECTION", "/api/v2/span, 404, URL_CONNECTION",
      "/zipkin, 302, OKHTTP", "/zipkin/, 405, OKHTTP", "/api/v2/span, 404, OKHTTP"})
  void theWarningSaysWhereZipkinTakesSpans(String path, int status, SenderType sender) {
    String base = "http://127.0.0.1:" + zipkin.server().baseUrl().getPort();
    try (LogCapture ours = LogCapture.of(ZipkinSpanHandler.class.getName(), Level.INFO);
        LogCapture reporters = LogCapture.of("zipkin2.reporter", Level.ALL)) {
      ZipkinSpanHandler reporter = ZipkinSpanHandler.newBuilder().endpoint(base + path).sender(sender)
          .closeTimeout(Duration.ofSeconds(30)).build();
      try (Tracing tracing = Tracing.newBuilder().serviceName("wrong-endpoint").addSpanHandler(reporter).build()) {
        tracing.tracer().newTrace().name("lost").start().finish();
      }

      assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isEqualTo(1);
      assertThat(ours.records()).filteredOn(record -> record.getLevel() == Level.WARNING)
          .extracting(LogRecord::getMessage)
          .filteredOn(message -> message.contains("The endpoint answered HTTP"))
          .singleElement().asString()
          .contains("The endpoint answered HTTP " + status + ": it is probably not a Zipkin spans API; "
              + "Zipkin takes spans at " + base + "/api/v2/spans.");
      assertThat(reporters.records()).isEmpty();
    }
  }
}
