package dev.meshtrace.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerTest {
  @Test
  void alwaysAndNever() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      long traceId = random.nextLong();
      assertThat(Sampler.ALWAYS.isSampled(traceId)).isTrue();
      assertThat(Sampler.NEVER.isSampled(traceId)).isFalse();
    }
  }

  @Test
  void probabilityZeroAndOneAreNeverAndAlways() {
    assertThat(Sampler.probability(0.0)).isSameAs(Sampler.NEVER);
    assertThat(Sampler.probability(1.0)).isSameAs(Sampler.ALWAYS);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 0.1, 0.25, 0.5, 0.9})
  void probabilitySamplesThatFractionOfTraces(double probability) {
    Sampler sampler = Sampler.probability(probability);
    SplittableRandom random = new SplittableRandom(42);
    int traces = 200_000;
    int sampled = 0;
    for (int i = 0; i < traces; i++) if (sampler.isSampled(random.nextLong())) sampled++;

    double tolerance = 5 * Math.sqrt(traces * probability * (1 - probability)); // five standard deviations
    assertThat((double) sampled).isCloseTo(traces * probability, org.assertj.core.data.Offset.offset(tolerance));
  }

  @Test
  void probabilityDecidesFromTheTraceIdSoEveryServiceAgrees() {
    Sampler here = Sampler.probability(0.3);
    Sampler elsewhere = Sampler.probability(0.3);
    Sampler lower = Sampler.probability(0.1);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      long traceId = random.nextLong();
      boolean decision = here.isSampled(traceId);
      assertThat(here.isSampled(traceId)).isEqualTo(decision);
      assertThat(elsewhere.isSampled(traceId)).isEqualTo(decision);
      if (lower.isSampled(traceId)) assertThat(decision).as("a lower rate samples a subset").isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0001, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void badProbabilitiesAreRejectedWithTheValue(double probability) {
    assertThatThrownBy(() -> Sampler.probability(probability)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampling probability must be between 0.0 and 1.0")
        .hasMessageContaining(String.valueOf(probability));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
  void badRatesAreRejectedWithTheValue(double rate) {
    assertThatThrownBy(() -> Sampler.rateLimited(rate)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampling rate").hasMessageContaining(String.valueOf(rate));
  }

  @Test
  void rateZeroIsNever() {
    assertThat(Sampler.rateLimited(0)).isSameAs(Sampler.NEVER);
  }

  @Test
  void samplersDescribeThemselves() {
    assertThat(Sampler.probability(0.25)).hasToString("probability(0.25)");
    assertThat(Sampler.rateLimited(10)).hasToString("rateLimited(10.0/s)");
    assertThat(Sampler.ALWAYS).hasToString("ALWAYS");
  }
}
