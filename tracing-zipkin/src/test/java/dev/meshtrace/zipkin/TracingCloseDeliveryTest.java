package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Tracing#close()} closes its Zipkin reporter: what was queued reaches the real Zipkin server first. */
class TracingCloseDeliveryTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  @Test
  void queuedSpansAreDeliveredBeforeCloseReturnsAndLaterOnesAreCounted() {
    String service = "close-" + Long.toHexString(System.nanoTime());
    // A flush interval far beyond the test: only close() can send these spans.
    ZipkinSpanHandler reporter = ZipkinSpanHandler.newBuilder().endpoint(zipkin.server().spansEndpoint())
        .flushInterval(Duration.ofHours(1)).closeTimeout(Duration.ofSeconds(30)).build();
    Tracing tracing = Tracing.newBuilder().serviceName(service).addSpanHandler(reporter).build();
    Span root = tracing.tracer().newTrace().name("root").start();
    for (int i = 0; i < 49; i++) tracing.tracer().nextSpan(root.context()).name("child " + i).start().finish();
    root.finish();
    assertThat(reporter.metrics().spansSent()).isZero();

    tracing.close();

    assertThat(reporter.metrics().spansSent()).isEqualTo(50);
    assertThat(reporter.metrics().spansQueued()).isZero();
    assertThat(reporter.metrics().spansDropped()).isZero();
    assertThat(zipkin.server().api().awaitTrace(root.context().traceIdString(), 50, Duration.ofSeconds(30)))
        .hasSize(50);

    tracing.tracer().newTrace().name("after close").start().finish();

    assertThat(tracing.spansDroppedAfterClose()).isEqualTo(1);
    assertThat(reporter.metrics().spansReported()).isEqualTo(50);
  }
}
