package dev.meshtrace.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InMemorySpanCollectorTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracer tracer = Tracing.newBuilder().addSpanHandler(spans).build().tracer();

  @Test
  void keepsFinishedSpansInFinishingOrder() {
    Span first = tracer.newTrace().name("first").kind(SpanKind.SERVER).start();
    Span second = tracer.nextSpan(first.context()).name("second").kind(SpanKind.CLIENT).start();
    second.finish();
    first.finish();

    assertThat(spans.spans()).extracting(MutableSpan::name).containsExactly("second", "first");
    assertThat(spans.onlySpan(SpanKind.SERVER).name()).isEqualTo("first");
    assertThat(spans.spanNamed("second").kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(spans.spans(span -> span.parentId() != 0)).extracting(MutableSpan::name).containsExactly("second");
    assertThat(spans.spans()).as("a snapshot").isNotSameAs(spans.spans());
  }

  @Test
  void failsClearlyWhenTheExpectedSpanIsNotThere() {
    tracer.newTrace().name("a").kind(SpanKind.CLIENT).finish();
    tracer.newTrace().name("b").kind(SpanKind.CLIENT).finish();

    assertThatThrownBy(() -> spans.onlySpan(SpanKind.CLIENT)).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("Expected one CLIENT span");
    assertThatThrownBy(() -> spans.onlySpan(SpanKind.SERVER)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> spans.spanNamed("c")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("'c'");
  }

  @Test
  void awaitsSpansFinishedOnAnotherThread() {
    Span span = tracer.newTrace().name("async").start();
    CompletableFuture.runAsync(span::finish);

    assertThat(spans.awaitSpans(1, Duration.ofSeconds(10))).extracting(MutableSpan::name).containsExactly("async");
  }

  @Test
  void awaitFailsAfterTheTimeoutNamingWhatItGot() {
    tracer.newTrace().name("only").finish();

    assertThatThrownBy(() -> spans.awaitSpans(2, Duration.ofMillis(20))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected 2 spans").hasMessageContaining("only");
  }

  @Test
  void clearForgetsEverything() {
    tracer.newTrace().finish();
    spans.clear();

    assertThat(spans.spans()).isEmpty();
  }
}
