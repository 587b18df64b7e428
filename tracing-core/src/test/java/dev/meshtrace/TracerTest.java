package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.internal.Hex;
import dev.meshtrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDs, parentage, joining and sampling as the {@link Tracer} hands them out. */
class TracerTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  final Tracer tracer = tracing.tracer();

  static TraceContext inbound(Boolean sampled) {
    return TraceContext.builder().traceId(0x463ac35c9f6413adL, 0x48485a3953bb6124L).wideTraceId(true)
        .spanId(0xa2fb4a1d1a96d312L).parentId(0x20000000000001L).sampled(sampled).remote(true).build();
  }

  @Test
  void newTraceIsA128BitSampledRootByDefault() {
    TraceContext root = tracer.newTrace().context();

    assertThat(root.hasIds()).isTrue();
    assertThat(root.traceIdHigh()).isNotZero();
    assertThat(root.traceIdString()).hasSize(32);
    assertThat(root.spanId()).isNotZero();
    assertThat(root.parentId()).isZero();
    assertThat(root.isSampled()).isTrue();
    assertThat(root.isRemote()).isFalse();
  }

  @Test
  void traceIdsCanBe64Bit() {
    Tracer narrow = Tracing.newBuilder().traceId128(false).build().tracer();
    TraceContext root = narrow.newTrace().context();

    assertThat(root.traceIdHigh()).isZero();
    assertThat(root.traceIdString()).hasSize(16);
    assertThat(narrow.nextSpan(root).context().traceIdString()).isEqualTo(root.traceIdString());
  }

  @Test
  void idsAreRandomAndNonZero() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      TraceContext context = tracer.newTrace().context();
      ids.add(context.spanId());
      ids.add(context.traceId());
      ids.add(context.traceIdHigh());
    }
    assertThat(ids).doesNotContain(0L).doesNotHaveDuplicates();
  }

  @Test
  void childSharesTheTraceAndPointsAtItsParent() {
    TraceContext parent = tracer.newTrace().context();
    TraceContext child = tracer.nextSpan(parent).context();

    assertThat(child.traceIdHigh()).isEqualTo(parent.traceIdHigh());
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.parentId()).isEqualTo(parent.spanId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).isNotZero();
  }

  @Test
  void aRecordedSpanMakesItsHexIdsOnceAndItsChildrenReuseThem() {
    Span parent = tracer.newTrace();
    TraceContext parentContext = parent.context();
    String traceId = parentContext.traceIdString();
    String spanId = parentContext.spanIdString();
    TraceContext child = tracer.nextSpan(parentContext).context();

    assertThat(parentContext.traceIdString()).isSameAs(traceId);
    assertThat(parentContext.spanIdString()).isSameAs(spanId);
    assertThat(child.traceIdString()).isSameAs(traceId);
    assertThat(child.parentIdString()).isSameAs(spanId);
    assertThat(child.spanIdString()).isEqualTo(Hex.toHex(child.spanId())).isSameAs(child.spanIdString());
    TraceContext remote = TraceContext.builder().traceId(0, 1).spanId(2).parentId(3).build();
    assertThat(List.of(remote.traceIdString(), remote.spanIdString(), remote.parentIdString()))
        .containsExactly("0000000000000001", "0000000000000002", "0000000000000003");
  }

  @Test
  void nextSpanContinuesTheCurrentContextOrStartsATrace() {
    assertThat(tracer.nextSpan().context().parentId()).isZero();

    Span parent = tracer.newTrace();
    try (Scope scope = tracer.withSpanInScope(parent)) {
      assertThat(tracer.currentSpan()).isEqualTo(parent);
      assertThat(tracer.nextSpan().context().parentId()).isEqualTo(parent.context().spanId());
    }
    assertThat(tracer.currentSpan()).isNull();
    assertThat(tracer.currentContext()).isNull();
  }

  @Test
  void serverSpanIsTheCallersChildByDefault() {
    Span server = tracer.serverSpan(inbound(true), Sampler.ALWAYS).start();
    server.finish();

    MutableSpan data = spans.onlySpan(SpanKind.SERVER);
    assertThat(data.traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(data.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(data.spanId()).isNotEqualTo(0xa2fb4a1d1a96d312L);
    assertThat(data.shared()).isFalse();
  }

  @Test
  void serverSpanCanJoinTheCallersSpan() {
    Tracer joining = Tracing.newBuilder().joinServerSpans(true).addSpanHandler(spans).build().tracer();
    Span server = joining.serverSpan(inbound(true), Sampler.ALWAYS).start();
    server.finish();

    MutableSpan data = spans.onlySpan(SpanKind.SERVER);
    assertThat(data.spanIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(data.parentIdString()).isEqualTo("0020000000000001");
    assertThat(data.shared()).isTrue();
    assertThat(server.context().shared()).isTrue();

    TraceContext client = joining.nextSpan(server.context()).context();
    assertThat(client.parentId()).isEqualTo(0xa2fb4a1d1a96d312L);
    assertThat(client.shared()).isFalse();
  }

  @Test
  void joiningNeedsARemoteSpanToJoin() {
    Tracer joining = Tracing.newBuilder().joinServerSpans(true).build().tracer();

    TraceContext local = joining.newTrace().context();
    assertThat(joining.serverSpan(local, Sampler.ALWAYS).context().spanId()).isNotEqualTo(local.spanId());
    TraceContext decisionOnly = TraceContext.builder().sampled(true).remote(true).build();
    assertThat(joining.serverSpan(decisionOnly, Sampler.ALWAYS).context().parentId()).isZero();
  }

  @Test
  void a64BitTraceStays64BitWhen128BitIdsAreConfigured() {
    TraceContext narrow = TraceContext.builder().traceId(0, 0x48485a3953bb6124L).spanId(1).sampled(true)
        .remote(true).build();

    assertThat(tracer.serverSpan(narrow, Sampler.ALWAYS).context().traceIdString()).isEqualTo("48485a3953bb6124");
  }

  @Test
  void samplerDecidesOnlyWithoutADecisionAndSeesTheTraceId() {
    List<Long> asked = new ArrayList<>();
    Sampler recording = new Sampler() {
      @Override
      public boolean isSampled(long traceId) {
        asked.add(traceId);
        return true;
      }
    };

    tracer.serverSpan(inbound(true), recording);
    tracer.serverSpan(inbound(false), recording);
    assertThat(asked).isEmpty();

    tracer.serverSpan(inbound(null), recording);
    assertThat(asked).containsExactly(0x48485a3953bb6124L);

    TraceContext root = tracer.nextSpan(null, recording).context();
    assertThat(asked).hasSize(2).last().isEqualTo(root.traceId());
  }

  @Test
  void childrenInheritTheDecisionWithoutAskingTheSampler() {
    Tracer never = Tracing.newBuilder().sampler(Sampler.NEVER).build().tracer();
    Span sampled = tracer.newTrace();

    assertThat(never.nextSpan(sampled.context()).isNoop()).isFalse();
  }

  @Test
  void debugForcesSamplingAndIsInherited() {
    Tracer never = Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build().tracer();
    TraceContext forced = TraceContext.builder().debug(true).remote(true).build();

    Span server = never.serverSpan(forced, Sampler.NEVER).start();
    Span child = never.nextSpan(server.context()).start();
    child.finish();
    server.finish();

    assertThat(server.context().debug()).isTrue();
    assertThat(child.context().debug()).isTrue();
    assertThat(spans.spans()).hasSize(2).allSatisfy(span -> assertThat(span.debug()).isTrue());
  }

  @Test
  void unsampledSpansAreNoopsThatKeepTheCallersIdsAndRecordNothing() {
    TraceContext upstream = inbound(false);
    Span server = tracer.serverSpan(upstream, Sampler.ALWAYS);
    Span child = tracer.nextSpan(server.context());

    for (Span span : List.of(server, child)) {
      assertThat(span.isNoop()).isTrue();
      assertThat(span.context().traceId()).isEqualTo(upstream.traceId());
      assertThat(span.context().spanId()).as("no new IDs: they would never be reported")
          .isEqualTo(upstream.spanId());
      span.name("n").kind(SpanKind.CLIENT).tag("k", "v").annotate("a").error(new RuntimeException())
          .remoteServiceName("r").start().finish();
      assertThat(span.remoteIpAndPort("10.0.0.1", 80)).isFalse();
    }
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void newUnsampledTraceGetsNoIds() {
    Tracer never = Tracing.newBuilder().sampler(Sampler.NEVER).build().tracer();
    Span root = never.newTrace();

    assertThat(root.isNoop()).isTrue();
    assertThat(root.context().hasIds()).isFalse();
    assertThat(root.context().sampled()).isFalse();
  }

  @Test
  void toSpanResumesAnOpenSpanAndIsANoopOnceFinished() {
    Span span = tracer.newTrace().name("original").start();
    Span resumed = tracer.toSpan(span.context());
    assertThat(resumed.isNoop()).isFalse();
    assertThat(resumed).isEqualTo(span);
    resumed.tag("added", "later");
    span.finish();

    assertThat(spans.spanNamed("original").tag("added")).isEqualTo("later");
    assertThat(tracer.toSpan(span.context()).isNoop()).isTrue();
    assertThat(tracer.toSpan(inbound(true)).isNoop()).isTrue();
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> Tracing.newBuilder().serviceName(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serviceName");
    assertThatThrownBy(() -> Tracing.newBuilder().maxTagsPerSpan(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTagsPerSpan");
    assertThatThrownBy(() -> Tracing.newBuilder().maxTagValueLength(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTagValueLength");
    assertThatThrownBy(() -> TraceContext.builder().traceId(0, 1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tracingExposesItsSettings() {
    Tracing configured = Tracing.newBuilder().serviceName(" ratings ").mode(Mode.FORWARD)
        .sampler(Sampler.NEVER).build();

    assertThat(configured.serviceName()).isEqualTo("ratings");
    assertThat(configured.mode()).isEqualTo(Mode.FORWARD);
    assertThat(configured.sampler()).isSameAs(Sampler.NEVER);
    assertThat(configured.clock()).isSameAs(Clock.system());
    assertThat(configured.currentTraceContext()).isNotNull();
    assertThat(Tracing.newBuilder().build().sampler()).as("default: sample all").isSameAs(Sampler.ALWAYS);
  }
}
