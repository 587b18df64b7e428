package dev.meshtrace.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.LogCapture;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoggingSpanHandlerTest {
  final LogCapture log = LogCapture.of(LoggingSpanHandler.class);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @Test
  void logsEachSpanOnOneLineAtInfoAndPassesItOn() {
    List<String> after = new ArrayList<>();
    Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(new LoggingSpanHandler())
        .addSpanHandler((context, span) -> after.add(span.name())).build();

    Span span = tracing.tracer().newTrace().name("GET /reviews/{id}").kind(SpanKind.SERVER).start();
    span.tag("http.status_code", "200");
    span.finish();

    assertThat(log.records()).hasSize(1);
    LogRecord record = log.records().get(0);
    assertThat(record.getLevel()).isEqualTo(Level.INFO);
    assertThat(record.getMessage()).doesNotContain("\n").contains("reviews", "SERVER", "'GET /reviews/{id}'",
        span.context().traceIdString(), span.context().spanIdString(), "http.status_code=200");
    assertThat(after).containsExactly("GET /reviews/{id}");
  }
}
