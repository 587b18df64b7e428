package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import org.junit.jupiter.api.Test;

/** What a recorded span reports: timing, tags, error, endpoints, and that it is reported once. */
class SpanTest {
  final FakeClock clock = new FakeClock();
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("reviews").localIp("10.1.2.3").clock(clock)
      .maxTagsPerSpan(3).maxTagValueLength(10).addSpanHandler(spans).build();
  final Tracer tracer = tracing.tracer();

  MutableSpan only() {
    assertThat(spans.spans()).hasSize(1);
    return spans.spans().get(0);
  }

  @Test
  void timestampsAreEpochMicrosAndDurationsComeFromTheMonotonicClock() {
    long start = clock.epochMicros;
    Span span = tracer.newTrace().name("work").start();
    clock.advanceMicros(1_500);
    clock.epochMicros -= 60_000_000; // the wall clock steps back a minute mid-span
    span.finish();

    MutableSpan data = only();
    assertThat(data.startTimestamp()).isEqualTo(start);
    assertThat(data.finishTimestamp()).isEqualTo(start + 1_500);
    assertThat(data.duration()).isEqualTo(1_500);
  }

  @Test
  void childrenNeverStartBeforeTheirParentsWhateverTheWallClockDoes() {
    Span parent = tracer.newTrace().name("parent").start();
    clock.advanceMicros(10);
    clock.epochMicros -= 5_000_000;
    Span child = tracer.nextSpan(parent.context()).name("child").start();
    clock.advanceMicros(20);
    Span grandchild = tracer.nextSpan(child.context()).name("grandchild").start();
    clock.advanceMicros(5);
    grandchild.finish();
    child.finish();
    clock.advanceMicros(5);
    parent.finish();

    MutableSpan p = spans.spanNamed("parent");
    MutableSpan c = spans.spanNamed("child");
    MutableSpan g = spans.spanNamed("grandchild");
    assertThat(c.startTimestamp()).isEqualTo(p.startTimestamp() + 10);
    assertThat(g.startTimestamp()).isEqualTo(c.startTimestamp() + 20);
    assertThat(g.finishTimestamp()).isLessThanOrEqualTo(c.finishTimestamp());
    assertThat(c.finishTimestamp()).isLessThanOrEqualTo(p.finishTimestamp());
    assertThat(p.duration()).isEqualTo(40);
  }

  @Test
  void eachTraceIsAnchoredToTheWallClockWhenItsLocalRootStarts() {
    tracer.newTrace().name("first").start().finish();
    clock.epochMicros += 3_000_000; // wall clock corrected, monotonic unchanged
    tracer.newTrace().name("second").start().finish();

    assertThat(spans.spanNamed("second").startTimestamp())
        .isEqualTo(spans.spanNamed("first").startTimestamp() + 3_000_000);
  }

  @Test
  void explicitTimestampsAreKept() {
    tracer.newTrace().name("explicit").start(1_000_000L).finish(1_000_250L);

    assertThat(only().startTimestamp()).isEqualTo(1_000_000L);
    assertThat(only().duration()).isEqualTo(250);
  }

  @Test
  void finishWithDurationCountsFromTheStart() {
    Span span = tracer.newTrace().start();
    clock.advanceMicros(999);
    span.finishWithDuration(300);

    assertThat(only().duration()).isEqualTo(300);
    assertThat(only().finishTimestamp()).isEqualTo(only().startTimestamp() + 300);
  }

  @Test
  void finishWithDurationOfAnUnstartedSpanEndsNowAndStartedThatLongAgo() {
    long now = clock.epochMicros;
    tracer.newTrace().finishWithDuration(300);

    assertThat(only().finishTimestamp()).isEqualTo(now);
    assertThat(only().startTimestamp()).isEqualTo(now - 300);
  }

  @Test
  void aSpanNeverStartedStartsWhenItFinishes() {
    tracer.newTrace().finish();

    assertThat(only().startTimestamp()).isEqualTo(clock.epochMicros);
    assertThat(only().duration()).isZero();
  }

  @Test
  void isReportedOnceAndIgnoresChangesAfterFinishing() {
    Span span = tracer.newTrace().name("once").start();
    span.tag("k", "v");
    span.finish();
    span.tag("k", "changed").tag("late", "x").name("renamed").annotate("late").error(new IllegalStateException());
    span.start(1);
    span.finish();
    span.finishWithDuration(5);

    MutableSpan data = only();
    assertThat(data.name()).isEqualTo("once");
    assertThat(data.tag("k")).isEqualTo("v");
    assertThat(data.tag("late")).isNull();
    assertThat(data.annotationCount()).isZero();
    assertThat(data.error()).isNull();
    assertThat(data.startTimestamp()).isEqualTo(clock.epochMicros);
  }

  @Test
  void anAbandonedSpanIsNeverReported() {
    Span span = tracer.newTrace().start();
    span.abandon();
    span.finish();

    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void recordsNameKindAnnotationsAndLocalEndpoint() {
    Span span = tracer.newTrace().name("GET /reviews").kind(SpanKind.CLIENT).start();
    clock.advanceMicros(7);
    span.annotate("wire.send").annotate(5L, "explicit").remoteServiceName("ratings");
    span.finish();

    MutableSpan data = only();
    assertThat(data.name()).isEqualTo("GET /reviews");
    assertThat(data.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(data.annotationValue(0)).isEqualTo("wire.send");
    assertThat(data.annotationTimestamp(0)).isEqualTo(data.startTimestamp() + 7);
    assertThat(data.annotationTimestamp(1)).isEqualTo(5L);
    assertThat(data.remoteServiceName()).isEqualTo("ratings");
    assertThat(data.localServiceName()).isEqualTo("reviews");
    assertThat(data.localIp()).isEqualTo("10.1.2.3");
  }

  @Test
  void remoteAddressMustBeAnIpLiteral() {
    Span span = tracer.newTrace().start();

    assertThat(span.remoteIpAndPort("ratings.default.svc", 9080)).isFalse();
    assertThat(span.remoteIpAndPort("::1", 70_000)).isTrue();
    assertThat(span.remoteIpAndPort("10.0.0.7", 9080)).isTrue();
    span.finish();

    assertThat(only().remoteIp()).isEqualTo("10.0.0.7");
    assertThat(only().remotePort()).isEqualTo(9080);
  }

  @Test
  void anOutOfRangePortIsUnknown() {
    Span span = tracer.newTrace().start();
    span.remoteIpAndPort("2001:db8::1", -1);
    span.finish();

    assertThat(only().remoteIp()).isEqualTo("2001:db8::1");
    assertThat(only().remotePort()).isZero();
  }

  @Test
  void tagsAreLimitedInNumberAndLength() {
    Span span = tracer.newTrace().start();
    span.tag("a", "1").tag("b", "2").tag("c", "3").tag("d", "dropped").tag("a", "replaced")
        .tag("long", "x").tag("c", "0123456789abcdef").tag(null, "v").tag("k", null);
    span.finish();

    MutableSpan data = only();
    assertThat(data.tagCount()).isEqualTo(3);
    assertThat(data.tag("a")).isEqualTo("replaced");
    assertThat(data.tag("d")).isNull();
    assertThat(data.tag("c")).isEqualTo("0123456789");
  }

  @Test
  void errorTagIsDerivedFromTheException() {
    tracer.newTrace().name("message").error(new IllegalStateException("database down")).finish();
    tracer.newTrace().name("no message").error(new IllegalStateException()).finish();
    tracer.newTrace().name("anonymous").error(new RuntimeException() {}).finish();
    tracer.newTrace().name("explicit").tag("error", "timeout").error(new RuntimeException("io")).finish();

    assertThat(spans.spanNamed("message").tag("error")).isEqualTo("database down");
    assertThat(spans.spanNamed("message").error()).isInstanceOf(IllegalStateException.class);
    assertThat(spans.spanNamed("no message").tag("error")).isEqualTo("IllegalStateException");
    assertThat(spans.spanNamed("anonymous").tag("error")).isNotBlank();
    assertThat(spans.spanNamed("explicit").tag("error")).isEqualTo("timeout");
  }

  @Test
  void spanDataCarriesItsIds() {
    Span parent = tracer.newTrace().start();
    Span child = tracer.nextSpan(parent.context()).start();
    child.finish();

    MutableSpan data = only();
    assertThat(data.traceIdString()).isEqualTo(parent.context().traceIdString());
    assertThat(data.spanIdString()).isEqualTo(child.context().spanIdString());
    assertThat(data.parentIdString()).isEqualTo(parent.context().spanIdString());
    assertThat(data.toString()).contains("reviews", data.traceIdString(), data.spanIdString());
  }
}
