package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An endpoint given as the Zipkin server's base URL (Sleuth's habit) reaches the real server's spans API. */
class ZipkinBaseUrlEndpointTest {
  @RegisterExtension
  static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  final LogCapture log = LogCapture.of(ZipkinSpanHandler.class.getName(), Level.INFO);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/"})
  void aBaseUrlGetsTheSpansPathAndSaysSo(String slash) {
    String base = "http://127.0.0.1:" + zipkin.server().baseUrl().getPort() + slash;
    String spans = zipkin.server().spansEndpoint();
    ZipkinSpanHandler reporter = ZipkinSpanHandler.newBuilder().endpoint(base).build();

    assertThat(reporter.toString()).contains(spans);
    assertThat(log.records()).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.INFO);
      assertThat(record.getMessage()).isEqualTo("Zipkin endpoint " + base + " has no path: posting spans to " + spans);
    });

    Span span;
    try (Tracing tracing = Tracing.newBuilder().serviceName("base-url").addSpanHandler(reporter).build()) {
      span = tracing.tracer().newTrace().name("posted").start();
      span.finish();
    }
    assertThat(reporter.metrics().spansSent()).isEqualTo(1);
    assertThat(zipkin.server().api().awaitTrace(span.context().traceIdString(), 1, Duration.ofSeconds(30)))
        .singleElement().satisfies(stored -> assertThat(stored.name()).isEqualTo("posted"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v2/spans", "/zipkin/api/v2/spans", "/?tenant=a"})
  void anyOtherUrlIsUsedAsItIs(String rest) {
    String endpoint = "http://zipkin.example:9411" + rest;

    assertThat(ZipkinSpanHandler.newBuilder().endpoint(endpoint).build().toString()).contains(endpoint);
    assertThat(log.records()).isEmpty();
  }
}
