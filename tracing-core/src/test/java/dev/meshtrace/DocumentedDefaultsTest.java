package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each default README and the javadoc promise, pinned by what it does to a span built with no settings. */
class DocumentedDefaultsTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();

  MutableSpan finished(Consumer<Span> work) {
    Span span = tracing.tracer().newTrace().name("work").start();
    work.accept(span);
    span.finish();
    return spans.spans().get(0);
  }

  @Test
  void tagValuesAreCutAt4096Characters() {
    MutableSpan span = finished(s -> s.tag("fits", "a".repeat(4096)).tag("cut", "b".repeat(4097)));

    assertThat(span.tag("fits")).hasSize(4096);
    assertThat(span.tag("cut")).isEqualTo("b".repeat(4096));
  }

  @Test
  void aSpanKeeps128Tags() {
    MutableSpan span = finished(s -> {
      for (int i = 0; i < 130; i++) s.tag("t" + i, "v");
    });

    assertThat(span.tagCount()).isEqualTo(128);
    assertThat(span.tag("t127")).isEqualTo("v");
    assertThat(span.tag("t128")).isNull();
  }

  @Test
  void newTracesAreSampled128BitAndNamedUnknown() {
    MutableSpan span = finished(s -> {});

    assertThat(span.traceIdHigh()).isNotZero();
    assertThat(span.localServiceName()).isEqualTo("unknown");
    assertThat(tracing.mode()).isEqualTo(Mode.RECORD);
  }

  @Test
  void propagationReadsEnvoysOrderAndWritesB3MultiAndW3c() {
    Propagation propagation = Propagation.defaults();

    assertThat(propagation.extractFormats()).containsExactly(Format.B3, Format.B3_MULTI, Format.W3C);
    assertThat(propagation.injectFormats()).containsExactly(Format.B3_MULTI, Format.W3C);
    assertThat(propagation.generateRequestId()).isTrue();
    assertThat(propagation.forwardHeaders()).containsExactly("x-request-id", "x-ot-span-context",
        "x-cloud-trace-context", "grpc-trace-bin", "x-datadog-trace-id", "x-datadog-parent-id",
        "x-datadog-sampling-priority", "sw8", "baggage");
  }
}
