package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.internal.InternalFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A span its handler confines is written without its lock until released, and with it after. */
class SpanConfinementTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
  final InternalFactory internal = InternalFactory.get();
  final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void confinedWritesSkipTheLockAndReleasedOnesTakeItAgain() throws Exception {
    Span span = internal.confine(tracing.tracer().newTrace());
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch unlock = new CountDownLatch(1);
    Future<?> holder = pool.submit(() -> {
      synchronized (span.context().pending) {
        locked.countDown();
        unlock.await();
      }
      return null;
    });
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    span.name("send orders").kind(SpanKind.PRODUCER).remoteServiceName("kafka").tag("messaging.system", "kafka");
    assertThat(span.remoteIpAndPort("10.0.0.7", 9092)).isTrue();
    assertThat(SpanInternals.isConfined(span)).isTrue();

    internal.release(span);
    assertThat(SpanInternals.isConfined(span)).isFalse();
    CompletableFuture<Void> lockedWrite = CompletableFuture.runAsync(() -> span.tag("late", "yes"), pool);
    Thread.sleep(200);
    assertThat(lockedWrite).as("waits for the lock the other thread holds").isNotDone();
    unlock.countDown();
    holder.get(30, TimeUnit.SECONDS);
    lockedWrite.get(30, TimeUnit.SECONDS);
    span.start().finish();

    MutableSpan recorded = spans.onlySpan(SpanKind.PRODUCER);
    assertThat(recorded.name()).isEqualTo("send orders");
    assertThat(recorded.remoteServiceName()).isEqualTo("kafka");
    assertThat(recorded.remoteIp()).isEqualTo("10.0.0.7");
    assertThat(recorded.tag("messaging.system")).isEqualTo("kafka");
    assertThat(recorded.tag("late")).isEqualTo("yes");
  }

  @Test
  void confinedSpanKeepsTheTagLimits() {
    Tracing limited = Tracing.newBuilder().addSpanHandler(spans).maxTagsPerSpan(2).maxTagValueLength(4).build();
    Span span = internal.confine(limited.tracer().newTrace());

    span.tag("a", "123456").tag("b", "2").tag("c", "dropped").tag("a", "1");
    internal.release(span);
    span.start().finish();

    MutableSpan recorded = spans.spans().get(0);
    assertThat(recorded.tagCount()).isEqualTo(2);
    assertThat(recorded.tag("a")).isEqualTo("1");
    assertThat(recorded.tag("c")).isNull();
  }

  @Test
  void aNoopSpanIsLeftAlone() {
    Span noop = Tracing.newBuilder().mode(Mode.FORWARD).build().tracer().newTrace();

    assertThat(internal.confine(noop)).isSameAs(noop);
    internal.release(noop);

    assertThat(SpanInternals.isConfined(noop)).isFalse();
  }
}
