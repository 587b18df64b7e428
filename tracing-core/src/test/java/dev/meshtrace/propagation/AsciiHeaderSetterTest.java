package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.sampling.Sampler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A carrier that keeps header values as bytes gets the encoded trace headers as bytes, and the same values. */
class AsciiHeaderSetterTest {
  static final Map<String, String> INBOUND = Map.of("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7",
      "x-b3-spanid", "e457b5a2e4d86bd1", "x-b3-sampled", "1", "x-request-id", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736");

  /** Records each write, noting which took bytes. */
  static final class BytesCarrier implements AsciiHeaderSetter<Map<String, String>> {
    final List<String> writtenAsBytes = new ArrayList<>();
    final List<byte[]> arrays = new ArrayList<>();

    @Override
    public void set(Map<String, String> carrier, String name, String value) {
      carrier.put(name, value);
    }

    @Override
    public void setAscii(Map<String, String> carrier, String name, byte[] value) {
      writtenAsBytes.add(name);
      arrays.add(value);
      carrier.put(name, new String(value, StandardCharsets.US_ASCII));
    }
  }

  final Propagation propagation = Propagation.newBuilder()
      .inject(List.of(Format.B3_MULTI, Format.B3, Format.W3C)).build();
  final Tracing tracing = Tracing.newBuilder().propagation(propagation).build();

  @Test
  void recordedSpanWritesTheSameValuesAsAStringCarrierWithB3AndTraceparentAsBytes() {
    TraceContext inbound = propagation.extract(INBOUND, MapCarrier.GETTER);
    Span span = tracing.tracer().nextSpan(tracing.tracer().serverSpan(inbound, Sampler.ALWAYS).start().context())
        .start();
    Map<String, String> asStrings = new LinkedHashMap<>();
    Map<String, String> asBytes = new LinkedHashMap<>();
    BytesCarrier setter = new BytesCarrier();

    propagation.inject(span.context(), asStrings, MapCarrier.SETTER);
    propagation.inject(span.context(), asBytes, setter);

    assertThat(asBytes).isEqualTo(asStrings).containsKeys("b3", "traceparent", "x-b3-traceid", "x-request-id");
    assertThat(setter.writtenAsBytes).containsExactlyInAnyOrder("b3", "traceparent");
  }

  @Test
  void eachWriteGetsAnArrayOfItsOwn() {
    Span span = tracing.tracer().newTrace().start();
    BytesCarrier setter = new BytesCarrier();

    propagation.inject(span.context(), new LinkedHashMap<>(), setter);
    propagation.inject(span.context(), new LinkedHashMap<>(), setter);

    assertThat(setter.arrays).hasSize(4);
    assertThat(setter.arrays.get(0)).isNotSameAs(setter.arrays.get(2)).isEqualTo(setter.arrays.get(2));
    assertThat(setter.arrays.get(1)).isNotSameAs(setter.arrays.get(3)).isEqualTo(setter.arrays.get(3));
  }

  @Test
  void unrecordedContextWritesTheFormatsThatDidNotArriveAsBytesToo() {
    Map<String, String> undecided = new LinkedHashMap<>(INBOUND);
    undecided.remove("x-b3-sampled");
    TraceContext inbound = propagation.extract(undecided, MapCarrier.GETTER);
    Tracing unsampled = Tracing.newBuilder().propagation(propagation).sampler(Sampler.NEVER).build();
    Span span = unsampled.tracer().nextSpan(inbound);
    Map<String, String> asStrings = new LinkedHashMap<>();
    Map<String, String> asBytes = new LinkedHashMap<>();
    BytesCarrier setter = new BytesCarrier();

    propagation.inject(span.context(), asStrings, MapCarrier.SETTER);
    propagation.inject(span.context(), asBytes, setter);

    assertThat(asBytes).isEqualTo(asStrings).containsKeys("b3", "traceparent");
    assertThat(setter.writtenAsBytes).containsExactlyInAnyOrder("b3", "traceparent");
  }
}
