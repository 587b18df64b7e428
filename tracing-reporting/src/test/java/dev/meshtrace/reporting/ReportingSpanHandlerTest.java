package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The base of the Zipkin and OTLP handlers: what it queues, what it ignores, and its close. */
class ReportingSpanHandlerTest {
  static final TraceContext CONTEXT = TraceContext.builder().traceId(0, 0xabcL).spanId(0xdefL).sampled(true).build();

  /** Queues each span as its name and IDs, as a real handler queues its own model of the span. */
  static final class NamingHandler extends ReportingSpanHandler<String> {
    NamingHandler(SpanReporter<String> reporter) {
      super(reporter);
    }

    @Override
    protected String queued(TraceContext context, MutableSpan span) {
      return span.name() + " " + span.traceIdString() + "/" + span.spanIdString();
    }
  }

  final TestSender sender = new TestSender();
  final NamingHandler handler = new NamingHandler(new SpanReporterTest.Settings().closeTimeout(Duration.ofSeconds(30))
      .newReporter(sender, TestSender.STRINGS, Logger.getAnonymousLogger(), "backend", FailureHint.NONE));

  @Test
  void queuesFinishedSpansAndClosesWithTheConfiguredTimeout() throws Exception {
    assertThat(handler.end(CONTEXT, new MutableSpan().ids(CONTEXT).name("get"))).isTrue();
    handler.close();

    assertThat(sender.acceptedSpans()).containsExactly("get 0000000000000abc/0000000000000def");
    assertThat(handler.metrics().spansSent()).isOne();
  }

  @Test
  void aSpanWithoutIdsIsIgnored() {
    assertThat(handler.end(CONTEXT, new MutableSpan().name("no ids"))).isTrue();
    assertThat(handler.close(Duration.ofSeconds(30))).isTrue();

    assertThat(handler.metrics().spansReported()).isZero();
    assertThat(sender.attemptCount).hasValue(0);
  }

  @Test
  void aSpanEndedAfterCloseIsCountedAsDropped() {
    handler.close(Duration.ofSeconds(30));
    assertThat(handler.end(CONTEXT, new MutableSpan().ids(CONTEXT).name("late"))).isTrue();

    assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isOne();
  }
}
