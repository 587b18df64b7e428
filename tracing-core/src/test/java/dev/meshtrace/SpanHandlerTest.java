package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.handler.InMemorySpanCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link SpanHandler} chain: order, edits, drops, failures, and that handlers run outside any span lock. */
class SpanHandlerTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final LogCapture log = LogCapture.of(SpanRecorder.class);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @Test
  void handlersRunInOrderAndSeeEarlierEdits() {
    List<String> seen = new ArrayList<>();
    Tracing tracing = Tracing.newBuilder()
        .addSpanHandler((context, span) -> {
          seen.add("first:" + span.name());
          span.name("renamed").removeTag("secret");
          span.tag("added", "yes");
          return true;
        })
        .addSpanHandler((context, span) -> {
          seen.add("second:" + span.name() + ":" + span.tag("secret"));
          assertThat(context.spanId()).isEqualTo(span.spanId());
          return true;
        })
        .addSpanHandler(spans).build();

    tracing.tracer().newTrace().name("original").tag("secret", "s3cr3t").tag("kept", "k").finish();
    assertThat(seen).containsExactly("first:original", "second:renamed:null");
    MutableSpan reported = spans.spans().get(0);
    assertThat(reported.name()).isEqualTo("renamed");
    assertThat(reported.tag("kept")).isEqualTo("k");
    assertThat(reported.tag("added")).isEqualTo("yes");
    assertThat(reported.tagCount()).isEqualTo(2);
  }

  @Test
  void returningFalseDropsTheSpanForLaterHandlers() {
    Tracing tracing = Tracing.newBuilder()
        .addSpanHandler((context, span) -> !"health".equals(span.name()))
        .addSpanHandler(spans).build();

    tracing.tracer().newTrace().name("health").finish();
    tracing.tracer().newTrace().name("work").finish();
    assertThat(spans.spans()).extracting(MutableSpan::name).containsExactly("work");
  }

  @Test
  void aThrowingHandlerNeverReachesTheCallerAndTheNextHandlerStillRuns() {
    Tracing tracing = Tracing.newBuilder()
        .addSpanHandler((context, span) -> {
          throw new IllegalStateException("exporter broke");
        })
        .addSpanHandler((context, span) -> {
          throw new AssertionError("even an Error");
        })
        .addSpanHandler(spans).build();

    Span span = tracing.tracer().newTrace().name("work").start();
    assertThatCode(span::finish).doesNotThrowAnyException();
    assertThat(spans.spans()).extracting(MutableSpan::name).containsExactly("work");
    assertThat(log.records()).hasSize(2);
    assertThat(log.records().get(0).getThrown()).hasMessage("exporter broke");
  }

  @Test
  void unsampledSpansNeverReachHandlers() {
    Tracing tracing = Tracing.newBuilder().sampler(dev.meshtrace.sampling.Sampler.NEVER).addSpanHandler(spans)
        .build();

    tracing.tracer().newTrace().start().finish();
    tracing.tracer().nextSpan().start().finish();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aBlockingHandlerHoldsNoLockTheApplicationNeeds() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Tracing tracing = Tracing.newBuilder().addSpanHandler((context, span) -> {
      inHandler.countDown();
      try {
        release.await(1, TimeUnit.MINUTES); // longer than anything below waits: a blocked caller cannot pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }).addSpanHandler(spans).build();
    Span parent = tracing.tracer().newTrace().start();
    Span child = tracing.tracer().nextSpan(parent.context()).start();

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> finishing = threads.submit((Runnable) child::finish);
      assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> meanwhile = threads.submit(() -> {
        child.tag("late", "ignored").annotate("late");
        child.finish();
        parent.tag("k", "v").annotate("event");
      });
      assertThat(meanwhile).as("done while the handler still holds the first finish")
          .succeedsWithin(Duration.ofSeconds(30));
      release.countDown();
      assertThat(finishing).succeedsWithin(Duration.ofSeconds(30));
    } finally {
      threads.shutdownNow();
    }

    parent.finish();
    assertThat(spans.awaitSpans(2, Duration.ofSeconds(30))).hasSize(2);
  }
}
