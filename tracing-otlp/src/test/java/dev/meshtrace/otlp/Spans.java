package dev.meshtrace.otlp;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Spans to report and a bounded wait, for the transport and fault tests. */
final class Spans {
  private Spans() {}

  static MutableSpan span(long id) {
    return new MutableSpan().ids(TraceContext.builder().traceId(7, id).spanId(id).sampled(true).build())
        .name("span-" + id).localServiceName("svc").startTimestamp(1_700_000_000_000_000L)
        .finishTimestamp(1_700_000_000_000_500L);
  }

  static void report(OtlpSpanHandler handler, long fromId, int count) {
    for (long id = fromId; id < fromId + count; id++) handler.end(null, span(id));
  }

  /** Waits until {@code condition} holds, at most 30 seconds (a bound, not a measurement). */
  static void await(String what, BooleanSupplier condition) {
    await(() -> what, condition);
  }

  /** As {@link #await(String, BooleanSupplier)}, describing the wait (and what was seen) when it times out. */
  static void await(java.util.function.Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what.get());
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
