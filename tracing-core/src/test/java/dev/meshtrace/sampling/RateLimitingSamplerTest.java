package dev.meshtrace.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rate limit, on a clock the test moves: no sleeping, no timing. */
class RateLimitingSamplerTest {
  static final long SECOND = 1_000_000_000L;

  long now = 7 * SECOND;

  /** Offers a new trace every {@code intervalNanos} for {@code seconds}; returns the times it sampled. */
  List<Long> offer(RateLimitingSampler sampler, long intervalNanos, int seconds) {
    List<Long> sampledAt = new ArrayList<>();
    long end = now + seconds * SECOND;
    for (; now < end; now += intervalNanos) {
      if (sampler.isSampled(now)) sampledAt.add(now);
    }
    return sampledAt;
  }

  static int countWithin(List<Long> times, long from, long length) {
    int count = 0;
    for (long time : times) if (time >= from && time < from + length) count++;
    return count;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 100, 1000})
  void underOverloadSamplesTheRateEverySecond(int rate) {
    RateLimitingSampler sampler = new RateLimitingSampler(rate, () -> now);
    long start = now;
    List<Long> sampled = offer(sampler, SECOND / (rate * 20L), 10); // twenty times too many traces

    int burst = Math.max(1, rate / 10);
    assertThat(sampled).hasSizeBetween(10 * rate, 10 * rate + burst);
    for (int second = 1; second < 10; second++) {
      assertThat(countWithin(sampled, start + second * SECOND, SECOND)).as("second %d", second).isEqualTo(rate);
    }
  }

  @Test
  void samplesAreSpreadAcrossTheSecondNotSpentAtItsStart() {
    RateLimitingSampler sampler = new RateLimitingSampler(100, () -> now);
    long start = now;
    List<Long> sampled = offer(sampler, SECOND / 10_000, 3);

    for (long window = start; window < start + 3 * SECOND; window += SECOND / 10) {
      assertThat(countWithin(sampled, window, SECOND / 10)).as("100 ms from %d", window).isBetween(9, 20);
    }
  }

  @Test
  void anyOneSecondWindowHoldsAtMostTheRatePlusATenthOfASecondsWorth() {
    RateLimitingSampler sampler = new RateLimitingSampler(50, () -> now);
    List<Long> sampled = new ArrayList<>();
    // bursts separated by idle gaps, the worst case for a token bucket
    for (int burst = 0; burst < 20; burst++) {
      sampled.addAll(offer(sampler, SECOND / 5_000, 1));
      now += (burst % 3) * SECOND / 3;
    }

    for (int i = 0; i < sampled.size(); i++) {
      assertThat(countWithin(sampled, sampled.get(i), SECOND)).isLessThanOrEqualTo(50 + 5);
    }
  }

  @Test
  void belowTheRateEveryTraceIsSampled() {
    RateLimitingSampler sampler = new RateLimitingSampler(100, () -> now);

    assertThat(offer(sampler, SECOND / 50, 5)).hasSize(250);
  }

  @Test
  void fractionalRatesWork() {
    RateLimitingSampler sampler = new RateLimitingSampler(0.5, () -> now);

    assertThat(offer(sampler, SECOND / 100, 20)).hasSize(10);
  }

  @Test
  void isSafeUnderContention() throws Exception {
    RateLimitingSampler sampler = new RateLimitingSampler(1000, () -> 5 * SECOND);
    java.util.concurrent.atomic.AtomicInteger sampled = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) if (sampler.isSampled(i)) sampled.incrementAndGet();
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) thread.join();

    assertThat(sampled.get()).as("the clock stands still: only the burst allowance").isEqualTo(100);
  }
}
