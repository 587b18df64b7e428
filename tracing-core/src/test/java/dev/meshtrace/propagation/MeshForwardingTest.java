package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Mode;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The mesh headers that travel with a trace without being interpreted, and {@code x-request-id}. */
class MeshForwardingTest {
  static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  /** A generated request ID, with or without Envoy's trace status in the 15th character. */
  static final Pattern UUID_V4_OR_PACKED =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[49a][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  static HeaderFields everyDefaultMeshHeader() {
    return HeaderFields.of(
        "x-request-id", "0f0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1b",
        "x-ot-span-context", "463ac35c9f6413ad;463ac35c9f6413ad;0000000000000000;cs",
        "x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/1;o=1",
        "grpc-trace-bin", "AABCTVrVLPQ67Bm4vgSvaE4QAbqmqiKNj7eoAgE",
        "x-datadog-trace-id", "1234567890123456789",
        "x-datadog-parent-id", "987654321",
        "x-datadog-sampling-priority", "1",
        "sw8", "1-MWYyZDRiZjQ3YmY3MTFlYWI3OTRhY2RlNDgwMDExMjI=-MWU3YzIwNGE3YmY3MTFlYWI4NThhY2RlNDgwMDExMjI=-0",
        "baggage", "userId=alice,serverNode=DF%2028,isProduction=false;ttl=30");
  }

  @Test
  void defaultForwardListIsIstios() {
    assertThat(Propagation.defaults().forwardHeaders()).containsExactly("x-request-id", "x-ot-span-context",
        "x-cloud-trace-context", "grpc-trace-bin", "x-datadog-trace-id", "x-datadog-parent-id",
        "x-datadog-sampling-priority", "sw8", "baggage");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyDefaultMeshHeaderIsForwardedByteIdentical(Mode mode) {
    HeaderFields inbound = everyDefaultMeshHeader();

    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(mode).build(), inbound);
    assertThat(outbound.toMap()).containsAllEntriesOf(inbound.toMap());
  }

  @Test
  void unlistedHeadersAreNotForwarded() {
    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(Mode.FORWARD).build(),
        HeaderFields.of("x-tenant-id", "t1", "authorization", "Bearer secret", "cookie", "a=b"));

    assertThat(outbound.toMap()).containsOnlyKeys("x-request-id");
  }

  @Test
  void forwardListCanGrowAndShrink() {
    Propagation propagation = Propagation.newBuilder().addForwardHeader("X-Tenant-Id")
        .removeForwardHeader("SW8").removeForwardHeader("baggage").build();
    assertThat(propagation.forwardHeaders()).contains("x-tenant-id").doesNotContain("sw8", "baggage");

    HeaderFields inbound = everyDefaultMeshHeader().add("X-Tenant-Id", "acme");
    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().propagation(propagation).build(), inbound);
    assertThat(outbound.toMap()).containsEntry("x-tenant-id", "acme").doesNotContainKeys("sw8", "baggage")
        .containsKey("x-datadog-trace-id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"b3", "X-B3-TraceId", "x-b3-anything", "traceparent", "TraceState"})
  void traceHeadersCannotBeListedToForward(String name) {
    assertThatThrownBy(() -> Propagation.newBuilder().addForwardHeader(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name)
        .hasMessageContaining("trace header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "x tenant", "x-tenant:", "x\ny", "naïve"})
  void invalidHeaderNamesFailWithTheName(String name) {
    assertThatThrownBy(() -> Propagation.newBuilder().addForwardHeader(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "a\r\nx-injected: 1", "a\u001fb", "a\u007fb", "\u0000", "\r"})
  void valuesWithControlCharactersAreDropped(String value) {
    for (Mode mode : Mode.values()) {
      HeaderFields inbound = HeaderFields.of("x-request-id", value, "baggage", value, "x-ot-span-context", "ok");
      HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(mode).build(), inbound);

      assertThat(outbound.get("baggage")).as(mode.name()).isNull();
      assertThat(outbound.get("x-request-id")).as("generated instead").matches(UUID_V4);
      assertThat(outbound.get("x-ot-span-context")).isEqualTo("ok");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k1=v1;\tk2=\"quoted value\", k3=~!@#$%^&*()_+{}|:<>?[]\\;',./`", "city=Z\u00fcrich",
      "price=\u20ac5"})
  void tabsPrintableAndNonAsciiCharactersTravelAsReceived(String value) {
    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(Mode.FORWARD).build(),
        HeaderFields.of("baggage", value));

    assertThat(outbound.get("baggage")).isEqualTo(value);
  }

  @Test
  void valuesLongerThan8KibAreDropped() {
    String max = "a".repeat(8 * 1024);
    HeaderFields inbound = HeaderFields.of("x-ot-span-context", max, "baggage", max + "b");

    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().build(), inbound);
    assertThat(outbound.get("x-ot-span-context")).isEqualTo(max);
    assertThat(outbound.get("baggage")).isNull();
  }

  @Test
  void atMost64FieldsTravelAndTheRequestIdAlwaysHasRoom() {
    Propagation.Builder builder = Propagation.newBuilder();
    HeaderFields inbound = HeaderFields.of("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124",
        "x-b3-spanid", "a2fb4a1d1a96d312", "x-b3-sampled", "1", "traceparent",
        "00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01", "tracestate", "a=b");
    List<String> custom = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      builder.addForwardHeader("x-custom-" + i);
      inbound.add("x-custom-" + i, "v" + i);
      custom.add("x-custom-" + i);
    }
    Propagation propagation = builder.build();

    for (Mode mode : Mode.values()) {
      Tracing tracing = Tracing.newBuilder().mode(mode).propagation(propagation).build();
      TraceContext context = tracing.tracer().serverSpan(propagation.extract(inbound, HeaderFields.GETTER),
          Sampler.ALWAYS).context();
      assertThat(context.meshHeaders().size()).as(mode.name()).isEqualTo(Propagation.MAX_FORWARDED_FIELDS);
      assertThat(context.requestId()).matches(UUID_V4);

      HeaderFields outbound = Hop.outbound(tracing, inbound);
      List<String> forwardedCustom = new ArrayList<>(outbound.toMap().keySet());
      forwardedCustom.retainAll(custom);
      assertThat(forwardedCustom).as("the first listed win").isEqualTo(custom.subList(0, forwardedCustom.size()));
      assertThat(outbound.get("x-request-id")).matches(UUID_V4);
      assertThat(outbound.get("x-custom-0")).isEqualTo("v0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0f0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1b", "0f0e1a2b-3c4d-ae5f-8a7b-6c5d4e3f2a1b",
      "not-a-uuid", "ABC", "0F0E1A2B-3C4D-4E5F-8A7B-6C5D4E3F2A1B"})
  void requestIdIsForwardedByteIdentical(String requestId) {
    for (Mode mode : Mode.values()) {
      for (Sampler sampler : List.of(Sampler.ALWAYS, Sampler.NEVER)) {
        Tracing tracing = Tracing.newBuilder().mode(mode).sampler(sampler).propagation(
            Propagation.newBuilder().packSamplingIntoRequestId(true).build()).build();
        HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("X-Request-Id", requestId));
        assertThat(outbound.get("x-request-id")).as(mode + " " + sampler).isEqualTo(requestId);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void requestIdIsGeneratedAsUuidV4WhenAbsent(Mode mode) {
    Tracing tracing = Tracing.newBuilder().mode(mode).build();
    String first = Hop.outbound(tracing, new HeaderFields()).get("x-request-id");
    String second = Hop.outbound(tracing, new HeaderFields()).get("x-request-id");

    assertThat(first).matches(UUID_V4);
    assertThat(second).matches(UUID_V4).isNotEqualTo(first);
  }

  @Test
  void requestIdIsGeneratedForServerSpansOnly() {
    Tracing tracing = Tracing.newBuilder().build();

    assertThat(tracing.tracer().newTrace().context().requestId()).isNull();
    assertThat(tracing.tracer().nextSpan(TraceContext.builder().build()).context().requestId()).isNull();
    assertThat(tracing.tracer().serverSpan(TraceContext.builder().build(), Sampler.ALWAYS).context().requestId())
        .matches(UUID_V4);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void requestIdGenerationCanBeTurnedOff(Mode mode) {
    Tracing tracing = Tracing.newBuilder().mode(mode)
        .propagation(Propagation.newBuilder().generateRequestId(false).build()).build();

    assertThat(Hop.outbound(tracing, new HeaderFields()).get("x-request-id")).isNull();
    assertThat(Hop.outbound(tracing, HeaderFields.of("x-request-id", "kept")).get("x-request-id"))
        .isEqualTo("kept");
  }

  @Test
  void requestIdIsNeitherForwardedNorGeneratedWhenRemovedFromTheList() {
    Propagation propagation = Propagation.newBuilder().removeForwardHeader("x-request-id").build();
    Tracing tracing = Tracing.newBuilder().propagation(propagation).build();

    assertThat(propagation.generateRequestId()).isFalse();
    assertThat(Hop.outbound(tracing, HeaderFields.of("x-request-id", "rid")).get("x-request-id")).isNull();
    assertThat(Hop.outbound(tracing, new HeaderFields()).get("x-request-id")).isNull();
  }

  @Test
  void samplingDecisionIsPackedIntoTheFifteenthCharacterAsEnvoyDoes() {
    Propagation packing = Propagation.newBuilder().packSamplingIntoRequestId(true).build();
    Tracing sampled = Tracing.newBuilder().propagation(packing).sampler(Sampler.ALWAYS).build();
    Tracing unsampled = Tracing.newBuilder().propagation(packing).sampler(Sampler.NEVER).build();

    assertThat(Hop.outbound(sampled, new HeaderFields()).get("x-request-id").charAt(14)).isEqualTo('9');
    assertThat(Hop.outbound(unsampled, new HeaderFields()).get("x-request-id").charAt(14)).isEqualTo('4');
    assertThat(Hop.outbound(unsampled, HeaderFields.of("b3", "d")).get("x-request-id").charAt(14))
        .as("forced").isEqualTo('a');
    assertThat(Hop.outbound(unsampled, HeaderFields.of("x-b3-sampled", "1")).get("x-request-id").charAt(14))
        .as("upstream decision").isEqualTo('9');
    assertThat(Hop.outbound(sampled, HeaderFields.of("b3", "0")).get("x-request-id").charAt(14)).isEqualTo('4');

    String packed = Hop.outbound(sampled, new HeaderFields()).get("x-request-id");
    assertThat(packed).matches("[0-9a-f]{8}-[0-9a-f]{4}-9[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void withoutPackingGeneratedIdsArePlainV4() {
    Tracing tracing = Tracing.newBuilder().propagation(Propagation.defaults()).build();

    assertThat(Hop.outbound(tracing, HeaderFields.of("b3", "d")).get("x-request-id").charAt(14)).isEqualTo('4');
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void currentRequestIdIsReadableUnderTheServerSpan(Mode mode) {
    Tracing tracing = Tracing.newBuilder().mode(mode).build();
    Tracer tracer = tracing.tracer();
    assertThat(tracer.currentRequestId()).isNull();

    Span inbound = tracer.serverSpan(tracing.propagation().extract(HeaderFields.of("X-Request-ID", "rid-1"),
        HeaderFields.GETTER), tracing.sampler()).start();
    try (Scope scope = tracer.withSpanInScope(inbound)) {
      assertThat(tracer.currentRequestId()).isEqualTo("rid-1");
      Span child = tracer.nextSpan().start();
      try (Scope inner = tracer.withSpanInScope(child)) {
        assertThat(tracer.currentRequestId()).isEqualTo("rid-1");
      } finally {
        child.finish();
      }
    } finally {
      inbound.finish();
    }
    assertThat(tracer.currentRequestId()).isNull();

    Span generated = tracer.serverSpan(TraceContext.builder().build(), tracing.sampler());
    try (Scope scope = tracer.withSpanInScope(generated)) {
      assertThat(tracer.currentRequestId()).matches(UUID_V4).isEqualTo(generated.context().requestId());
    }
  }

  @Test
  void repeatedBaggageFieldsAreCombinedInOrder() {
    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().build(),
        HeaderFields.of("baggage", "a=1", "Baggage", "b=2,c=3", "BAGGAGE", "d=4"));

    assertThat(outbound.get("baggage")).isEqualTo("a=1,b=2,c=3,d=4");
  }
}
