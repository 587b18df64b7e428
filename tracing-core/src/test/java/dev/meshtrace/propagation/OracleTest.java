package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import brave.propagation.B3Propagation;
import brave.propagation.TraceContextOrSamplingFlags;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * For generated valid inputs, our extraction agrees with two independent implementations: Brave's B3 propagation
 * and OpenTelemetry's W3C and B3 propagators. And what we inject, they read back as the span we recorded.
 */
class OracleTest {
  static final int CASES = 3_000;
  static final TextMapGetter<Map<String, String>> OTEL_GETTER =
      (carrier, key) -> carrier == null ? null : carrier.get(key);

  final Random random = new Random(1234);
  final brave.propagation.TraceContext.Extractor<Map<String, String>> brave =
      B3Propagation.get().extractor(Map::get);
  final TextMapPropagator otelB3 = B3Propagator.injectingMultiHeaders();
  final TextMapPropagator otelW3c = W3CTraceContextPropagator.getInstance();

  /** A random valid context to encode: IDs (64 or 128-bit trace), optional parent, sampling state. */
  final class Case {
    final boolean wide = random.nextBoolean();
    final long traceIdHigh = wide ? nonZeroOrZero() : 0;
    final long traceId = random.nextLong() | 1;
    final long spanId = random.nextLong() | 1;
    final long parentId = random.nextBoolean() ? random.nextLong() | 1 : 0;
    /** 0 deny, 1 accept, 2 debug, 3 deferred. */
    final int sampling = random.nextInt(4);

    private long nonZeroOrZero() {
      return random.nextInt(8) == 0 ? 0 : random.nextLong() | 1;
    }

    String traceIdHex() {
      return wide ? hex(traceIdHigh) + hex(traceId) : hex(traceId);
    }

    Boolean sampled() {
      return sampling == 3 ? null : sampling != 0;
    }
  }

  static String hex(long value) {
    return String.format("%016x", value);
  }

  static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) map.put(namesAndValues[i], namesAndValues[i + 1]);
    return map;
  }

  static TraceContext ours(Map<String, String> headers) {
    return Propagation.defaults().extract(headers, MapCarrier.GETTER);
  }

  SpanContext otel(TextMapPropagator propagator, Map<String, String> headers) {
    return io.opentelemetry.api.trace.Span.fromContext(propagator.extract(Context.root(), headers, OTEL_GETTER))
        .getSpanContext();
  }

  @Test
  void b3MultiHeadersAgreeWithBraveAndOpenTelemetry() {
    for (int i = 0; i < CASES; i++) {
      Case c = new Case();
      Map<String, String> headers = headers("X-B3-TraceId", c.traceIdHex(), "X-B3-SpanId", hex(c.spanId));
      if (c.parentId != 0) headers.put("X-B3-ParentSpanId", hex(c.parentId));
      if (c.sampling == 2) headers.put("X-B3-Flags", "1");
      if (c.sampling < 2) headers.put("X-B3-Sampled", random.nextBoolean() ? "01".substring(c.sampling, c.sampling + 1)
          : String.valueOf(c.sampling == 1));

      compareB3(headers);
    }
  }

  @Test
  void b3SingleHeaderAgreesWithBraveAndOpenTelemetry() {
    for (int i = 0; i < CASES; i++) {
      Case c = new Case();
      StringBuilder b3 = new StringBuilder(c.traceIdHex()).append('-').append(hex(c.spanId));
      if (c.sampling != 3) {
        b3.append('-').append("01d".charAt(c.sampling));
        if (c.parentId != 0) b3.append('-').append(hex(c.parentId));
      }

      compareB3(headers("b3", b3.toString()));
    }
  }

  @Test
  void decisionOnlyB3AgreesWithBrave() {
    for (String[] headers : List.of(new String[] {"b3", "0"}, new String[] {"b3", "1"}, new String[] {"b3", "d"},
        new String[] {"X-B3-Sampled", "0"}, new String[] {"X-B3-Sampled", "1"}, new String[] {"X-B3-Flags", "1"})) {
      Map<String, String> carrier = headers(headers);
      TraceContext ours = ours(carrier);
      TraceContextOrSamplingFlags theirs = brave.extract(carrier);

      assertThat(ours.hasIds()).isFalse();
      assertThat(theirs.context()).isNull();
      assertThat(ours.sampled()).as(carrier.toString()).isEqualTo(theirs.sampled());
      assertThat(ours.debug()).as(carrier.toString()).isEqualTo(theirs.samplingFlags().debug());
    }
  }

  void compareB3(Map<String, String> headers) {
    TraceContext ours = ours(headers);
    brave.propagation.TraceContext theirs = brave.extract(headers).context();
    assertThat(theirs).as("Brave reads " + headers).isNotNull();
    assertThat(ours.traceIdHigh()).as(headers.toString()).isEqualTo(theirs.traceIdHigh());
    assertThat(ours.traceId()).as(headers.toString()).isEqualTo(theirs.traceId());
    assertThat(ours.spanId()).as(headers.toString()).isEqualTo(theirs.spanId());
    assertThat(ours.parentId()).as(headers.toString()).isEqualTo(theirs.parentIdAsLong());
    assertThat(ours.sampled()).as(headers.toString()).isEqualTo(theirs.sampled());
    assertThat(ours.debug()).as(headers.toString()).isEqualTo(theirs.debug());

    SpanContext otel = otel(otelB3, headers);
    assertThat(otel.isValid()).as("OpenTelemetry reads " + headers).isTrue();
    assertThat(otel.getTraceId()).isEqualTo(hex(ours.traceIdHigh()) + hex(ours.traceId()));
    assertThat(otel.getSpanId()).isEqualTo(ours.spanIdString());
    assertThat(otel.isSampled()).as(headers.toString()).isEqualTo(ours.isSampled());
  }

  @Test
  void traceparentAndTracestateAgreeWithOpenTelemetry() {
    for (int i = 0; i < CASES; i++) {
      Case c = new Case();
      boolean future = random.nextInt(4) == 0;
      int flags = random.nextInt(256);
      String version = future ? String.format("%02x", 1 + random.nextInt(0xfe)) : "00";
      String traceparent = version + "-" + hex(c.traceIdHigh) + hex(c.traceId) + "-" + hex(c.spanId) + "-"
          + String.format("%02x", flags) + (future && random.nextBoolean() ? "-0123abcd" : "");
      List<String> members = new ArrayList<>();
      for (int m = random.nextInt(33); m > 0; m--) members.add("vendor" + m + "@t" + m + "=v" + random.nextInt(1000));
      Map<String, String> headers = headers("traceparent", traceparent);
      if (!members.isEmpty()) headers.put("tracestate", String.join(",", members));

      TraceContext ours = ours(headers);
      SpanContext theirs = otel(otelW3c, headers);
      assertThat(theirs.isValid()).as("OpenTelemetry reads " + headers).isTrue();
      assertThat(ours.traceIdString()).as(traceparent).isEqualTo(theirs.getTraceId());
      assertThat(ours.spanIdString()).isEqualTo(theirs.getSpanId());
      assertThat(ours.isSampled()).as(traceparent).isEqualTo(theirs.isSampled());
      assertThat(ours.meshHeaders().get("tracestate")).isEqualTo(headers.get("tracestate"));
      assertThat(theirs.getTraceState().size()).isEqualTo(members.size());
    }
  }

  @Test
  void whatWeInjectBraveAndOpenTelemetryReadAsTheSpanWeRecorded() {
    Propagation allFormats = Propagation.newBuilder().inject(List.of(Format.B3, Format.B3_MULTI, Format.W3C))
        .build();
    for (boolean traceId128 : new boolean[] {true, false}) {
      Tracing tracing = Tracing.newBuilder().propagation(allFormats).traceId128(traceId128).build();
      for (int i = 0; i < 500; i++) {
        Span parent = tracing.tracer().newTrace();
        TraceContext client = tracing.tracer().nextSpan(parent.context()).context();
        Map<String, String> outbound = headers();
        allFormats.inject(client, outbound, MapCarrier.SETTER);

        Map<String, String> single = headers("b3", outbound.get("b3"));
        Map<String, String> multi = headers();
        multi.putAll(outbound);
        multi.remove("b3");
        for (Map<String, String> b3 : List.of(single, multi)) {
          brave.propagation.TraceContext theirs = brave.extract(b3).context();
          assertThat(theirs.traceIdString()).isEqualTo(client.traceIdString());
          assertThat(theirs.spanId()).isEqualTo(client.spanId());
          assertThat(theirs.parentIdAsLong()).isEqualTo(parent.context().spanId());
          assertThat(theirs.sampled()).isTrue();
        }
        SpanContext w3c = otel(otelW3c, outbound);
        assertThat(w3c.getTraceId()).isEqualTo(hex(client.traceIdHigh()) + hex(client.traceId()));
        assertThat(w3c.getSpanId()).isEqualTo(client.spanIdString());
        assertThat(w3c.isSampled()).isTrue();
        assertThat(otel(otelB3, multi).getSpanId()).isEqualTo(client.spanIdString());
      }
    }
  }
}
