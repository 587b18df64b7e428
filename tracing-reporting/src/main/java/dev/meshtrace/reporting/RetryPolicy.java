package dev.meshtrace.reporting;

import java.time.Duration;

/**
 * How a failed message is retried: up to {@code maxAttempts} attempts in all, waiting between them a random time
 * below a bound that starts at {@code initialBackoff} and grows by {@code multiplier} up to {@code maxBackoff}
 * (exponential backoff with full jitter, as the OpenTelemetry SDK does). A {@code Retry-After} the backend sends
 * replaces the random wait, up to {@code maxBackoff}. Which failures are retried is {@link SendFailure#of}'s call.
 * Retries happen on the reporter thread: the application's threads never wait for them, and spans keep being queued
 * (and dropped when the queue is full) meanwhile; closing ends them.
 *
 * @param maxAttempts attempts in all, 1 meaning no retry
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
  /** The OpenTelemetry SDK's defaults: 5 attempts, 1 s initial backoff, 5 s at most, growing ×1.5. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5);
  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1);

  /** @throws IllegalArgumentException naming the bad component */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.toMillis() < 1) {
      throw new IllegalArgumentException("initialBackoff must be at least 1ms, was " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least initialBackoff, was " + maxBackoff);
    }
    if (!(multiplier >= 1 && multiplier <= 10)) {
      throw new IllegalArgumentException("multiplier must be between 1 and 10, was " + multiplier);
    }
  }
}
