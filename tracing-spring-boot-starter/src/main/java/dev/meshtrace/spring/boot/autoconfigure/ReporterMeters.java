package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A reporter's counters as Micrometer meters, under {@code meshtrace.zipkin} or {@code meshtrace.otlp}:
 * {@code <prefix>.spans.reported}, {@code .sent}, {@code .dropped} (tagged with the {@code cause}),
 * {@code .queued}, {@code <prefix>.messages.sent}, {@code .failed}, {@code .retries} and
 * {@code <prefix>.bytes.sent}.
 */
final class ReporterMeters implements MeterBinder {
  private final String prefix;
  private final String backend;
  private final ReportingMetrics metrics;

  /**
   * @param prefix such as {@code meshtrace.zipkin}
   * @param backend the backend as descriptions name it, such as {@code Zipkin}
   */
  ReporterMeters(String prefix, String backend, ReportingMetrics metrics) {
    this.prefix = prefix;
    this.backend = backend;
    this.metrics = metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, prefix + ".spans.reported", "spans", "Spans handed to the " + backend + " reporter",
        ReportingMetrics::spansReported);
    counter(registry, prefix + ".spans.sent", "spans", "Spans the " + backend + " backend accepted",
        ReportingMetrics::spansSent);
    for (DropCause cause : DropCause.values()) {
      FunctionCounter.builder(prefix + ".spans.dropped", metrics, m -> m.spansDropped(cause))
          .description("Spans that never reached the " + backend + " backend")
          .baseUnit("spans")
          .tag("cause", cause.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(prefix + ".spans.queued", metrics, m -> m.spansQueued())
        .description("Spans waiting to be sent to " + backend)
        .baseUnit("spans")
        .register(registry);
    counter(registry, prefix + ".messages.sent", "messages", "Messages the " + backend + " backend accepted",
        ReportingMetrics::messagesSent);
    counter(registry, prefix + ".messages.failed", "messages", "Messages to " + backend + " that failed",
        ReportingMetrics::messagesFailed);
    counter(registry, prefix + ".messages.retries", "messages", "Retries of messages to " + backend,
        ReportingMetrics::sendRetries);
    counter(registry, prefix + ".bytes.sent", "bytes", "Bytes of the messages " + backend + " accepted",
        ReportingMetrics::bytesSent);
  }

  private void counter(MeterRegistry registry, String name, String unit, String description,
      ToDoubleFunction<ReportingMetrics> count) {
    FunctionCounter.builder(name, metrics, count).description(description).baseUnit(unit).register(registry);
  }
}
