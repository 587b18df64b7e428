package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.LongSupplier;

/**
 * {@code meshtrace.orphan.calls}: outbound calls made with no trace context while the application served traced
 * requests, one counter per adapter and destination (tags {@code adapter}, {@code host}), registered when the first
 * such call is counted. The destinations are bounded by core (see {@code Diagnostics.MAX_DESTINATIONS}).
 */
final class OrphanCallMeters implements MeterBinder {
  static final String NAME = "meshtrace.orphan.calls";
  private final Tracing tracing;

  OrphanCallMeters(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    tracing.addOrphanCallListener((adapter, host, count) ->
        FunctionCounter.builder(NAME, count, LongSupplier::getAsLong)
            .description("Outbound calls made with no trace context while serving traced requests")
            .baseUnit("calls")
            .tag("adapter", adapter)
            .tag("host", host)
            .register(registry));
  }
}
