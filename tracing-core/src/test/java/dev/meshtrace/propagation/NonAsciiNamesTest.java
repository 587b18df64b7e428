package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.TraceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Header names are compared as HTTP compares them, ignoring the case of ASCII letters only. Java's
 * {@code equalsIgnoreCase} also folds {@code \u0130} onto {@code i}, {@code \u017f} onto {@code s} and {@code \u212a}
 * onto {@code k}: a name an edge proxy strips ({@code x-b3-sampled}) or replaces ({@code x-request-id}) could then be
 * smuggled past it spelled with one of those and be read, and forwarded under the real name, here. Found by the
 * reliability suite's {@code HostileInputTest}.
 */
class NonAsciiNamesTest {
  /** Looks each name up (no listing), as a carrier that cannot walk its fields does. */
  static final HeaderGetter<Map<String, String>> LOOKUP = MapCarrier.GETTER::get;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void namesThatFoldOntoATraceOrMeshHeaderOnlyOutsideAsciiAreNotRead(boolean listing) {
    Map<String, String> inbound = new LinkedHashMap<>();
    inbound.put("X-REQUEST-\u0130D", "0f0e1a2b-3c4d-4e5f-8a7b-6c5d4e3f2a1b");
    inbound.put("x-b3-\u017fampled", "1");
    inbound.put("x-b3-traceid", "463ac35c9f6413ad");
    inbound.put("x-b3-spanid", "a2fb4a1d1a96d312");
    inbound.put("bagga\u0261e", "a=b");
    inbound.put("x-datadog-trace-id", "1");
    inbound.put("\u212a-unrelated", "x");
    inbound.put("tracestate", "k=v");
    inbound.put("traceparent", "00-0000000000000000463ac35c9f6413ad-a2fb4a1d1a96d312-01");
    inbound.put("tracE\u017ftate", "evil=1");

    TraceContext context = Propagation.defaults().extract(inbound, listing ? MapCarrier.GETTER : LOOKUP);

    assertThat(context.sampled()).as("x-b3-\u017fampled is not x-b3-sampled").isNull();
    assertThat(context.meshHeaders().requestId()).isNull();
    assertThat(context.meshHeaders().get("tracestate")).isEqualTo("k=v");
    assertThat(names(context)).containsExactly("x-b3-traceid", "x-b3-spanid", "traceparent", "tracestate",
        "x-datadog-trace-id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tru\u0117", "fal\u017fe", "TRU\u0116", "FAL\u017fE"})
  void aDecisionSpelledWithNonAsciiLettersIsMalformed(String sampled) {
    TraceContext context = Propagation.defaults().extract(Map.of("x-b3-traceid", "463ac35c9f6413ad",
        "x-b3-spanid", "a2fb4a1d1a96d312", "x-b3-sampled", sampled), MapCarrier.GETTER);

    assertThat(context.hasIds()).as("the whole X-B3-* group is dropped").isFalse();
    assertThat(names(context)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-B3-SAMPLED", "x-B3-Sampled", "x-b3-sampled"})
  void asciiCaseVariantsAreStillRead(String name) {
    Map<String, String> inbound = Map.of("X-B3-TraceId", "463ac35c9f6413ad", "x-b3-spanID", "a2fb4a1d1a96d312",
        name, "TRUE");

    assertThat(Propagation.defaults().extract(inbound, MapCarrier.GETTER).sampled()).isTrue();
    assertThat(Propagation.defaults().extract(inbound, LOOKUP).sampled()).isTrue();
  }

  @Test
  void theMapSetterReplacesOnlyAsciiCaseVariants() {
    Map<String, String> outbound = new LinkedHashMap<>();
    outbound.put("X-Request-Id", "old");
    outbound.put("x-request-\u0130d", "other");

    MapCarrier.SETTER.set(outbound, "x-request-id", "new");

    assertThat(outbound).containsOnlyKeys("x-request-\u0130d", "x-request-id").containsEntry("x-request-id", "new");
  }

  private static List<String> names(TraceContext context) {
    List<String> names = new java.util.ArrayList<>();
    context.meshHeaders().forEach((name, value) -> names.add(name));
    return names;
  }
}
