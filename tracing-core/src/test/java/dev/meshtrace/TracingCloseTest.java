package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.sampling.Sampler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** {@link Tracing#close()}: it owns its span handlers' lifecycle, and what finishes afterwards is counted, not lost. */
class TracingCloseTest {
  final List<String> events = new CopyOnWriteArrayList<>();

  /** A handler that records its spans and its close in {@link #events}. */
  final class ClosingHandler implements SpanHandler, AutoCloseable {
    final String name;
    final RuntimeException failure;

    ClosingHandler(String name, RuntimeException failure) {
      this.name = name;
      this.failure = failure;
    }

    @Override
    public boolean end(TraceContext context, MutableSpan span) {
      events.add(name + " got " + span.name());
      return true;
    }

    @Override
    public void close() {
      events.add(name + " closed");
      if (failure != null) throw failure;
    }
  }

  @Test
  void closesEveryCloseableHandlerOnceInTheOrderAdded() {
    InMemorySpanCollector plain = new InMemorySpanCollector();
    Tracing tracing = Tracing.newBuilder()
        .addSpanHandler(new ClosingHandler("first", null))
        .addSpanHandler(plain)
        .addSpanHandler(new ClosingHandler("second", null))
        .build();
    tracing.tracer().newTrace().name("before").start().finish();

    tracing.close();
    tracing.close();

    assertThat(events).containsExactly("first got before", "second got before", "first closed", "second closed");
    assertThat(plain.spans()).extracting(MutableSpan::name).containsExactly("before");
    assertThat(tracing.isClosed()).isTrue();
  }

  @Test
  void aHandlerFailingToCloseDoesNotKeepTheOthersOpenNorThrow() {
    Tracing tracing = Tracing.newBuilder()
        .addSpanHandler(new ClosingHandler("broken", new IllegalStateException("boom")))
        .addSpanHandler(new ClosingHandler("healthy", null))
        .build();

    try (LogCapture log = LogCapture.of(SpanRecorder.class)) {
      assertThatCode(tracing::close).doesNotThrowAnyException();

      assertThat(log.records()).singleElement().satisfies(record -> {
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getThrown()).hasMessage("boom");
      });
    }
    assertThat(events).containsExactly("broken closed", "healthy closed");
  }

  @Test
  void spansFinishedAfterCloseReachNoHandlerAndAreCounted() {
    InMemorySpanCollector spans = new InMemorySpanCollector();
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    Span startedBefore = tracing.tracer().newTrace().name("started before").start();

    try (LogCapture log = LogCapture.of(SpanRecorder.class)) {
      tracing.close();
      assertThatCode(() -> {
        startedBefore.finish();
        tracing.tracer().newTrace().name("started after").start().finish();
      }).doesNotThrowAnyException();

      assertThat(log.records()).singleElement()
          .satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.WARNING));
    }
    assertThat(spans.spans()).isEmpty();
    assertThat(tracing.spansDroppedAfterClose()).isEqualTo(2);
  }

  @Test
  void unsampledSpansAfterCloseAreNotCountedAsDropped() {
    Tracing tracing = Tracing.newBuilder().sampler(Sampler.NEVER).build();
    tracing.close();

    tracing.tracer().newTrace().name("unsampled").start().finish();

    assertThat(tracing.spansDroppedAfterClose()).isZero();
    assertThat(tracing.isClosed()).isTrue();
  }
}
