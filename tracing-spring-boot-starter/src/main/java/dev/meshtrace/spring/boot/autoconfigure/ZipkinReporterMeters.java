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
 * The Zipkin reporter's counters as Micrometer meters: {@code meshtrace.zipkin.spans.reported}, {@code .sent},
 * {@code .dropped} (tagged with the {@code cause}), {@code .queued}, {@code meshtrace.zipkin.messages.sent},
 * {@code .failed} and {@code meshtrace.zipkin.bytes.sent}.
 */
final class ZipkinReporterMeters implements MeterBinder {
  private final ReportingMetrics metrics;

  ZipkinReporterMeters(ReportingMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "meshtrace.zipkin.spans.reported", "spans", "Spans handed to the Zipkin reporter",
        ReportingMetrics::spansReported);
    counter(registry, "meshtrace.zipkin.spans.sent", "spans", "Spans the Zipkin backend accepted",
        ReportingMetrics::spansSent);
    for (DropCause cause : DropCause.values()) {
      FunctionCounter.builder("meshtrace.zipkin.spans.dropped", metrics, m -> m.spansDropped(cause))
          .description("Spans that never reached the Zipkin backend")
          .baseUnit("spans")
          .tag("cause", cause.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("meshtrace.zipkin.spans.queued", metrics, m -> m.spansQueued())
        .description("Spans waiting to be sent to Zipkin")
        .baseUnit("spans")
        .register(registry);
    counter(registry, "meshtrace.zipkin.messages.sent", "messages", "Messages the Zipkin backend accepted",
        ReportingMetrics::messagesSent);
    counter(registry, "meshtrace.zipkin.messages.failed", "messages", "Messages to Zipkin that failed",
        ReportingMetrics::messagesFailed);
    counter(registry, "meshtrace.zipkin.bytes.sent", "bytes", "Bytes of the messages Zipkin accepted",
        ReportingMetrics::bytesSent);
  }

  private void counter(MeterRegistry registry, String name, String unit, String description,
      ToDoubleFunction<ReportingMetrics> count) {
    FunctionCounter.builder(name, metrics, count).description(description).baseUnit(unit).register(registry);
  }
}
