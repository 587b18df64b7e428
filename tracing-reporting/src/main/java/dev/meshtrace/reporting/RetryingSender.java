package dev.meshtrace.reporting;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import zipkin2.reporter.BytesMessageSender;

/**
 * Retries a failed message as the {@link RetryPolicy} says, on the reporter thread: never on an application thread,
 * and the queue keeps taking spans meanwhile. What may be retried is {@link SendFailure#of}'s call. A message that
 * still fails throws its last error. Each retry is counted ({@link ReportingMetrics#sendRetries()});
 * {@link #stopRetrying} ends any wait at once.
 */
final class RetryingSender extends ForwardingSender implements PartialSuccessSender {
  private final RetryPolicy policy;
  private final ReportingMetrics metrics;
  private final Object waitLock = new Object();
  private volatile boolean stopped;

  RetryingSender(BytesMessageSender delegate, RetryPolicy policy, ReportingMetrics metrics) {
    super(delegate);
    this.policy = policy;
    this.metrics = metrics;
  }

  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    long bound = policy.initialBackoff().toNanos();
    long maxNanos = policy.maxBackoff().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        delegate.send(encodedSpans);
        return;
      } catch (IOException | RuntimeException e) {
        SendFailure failure = SendFailure.of(e);
        if (!failure.retryable() || attempt >= policy.maxAttempts() || stopped) throw e;
        long wait = failure.retryAfterNanos() >= 0
            ? Math.min(failure.retryAfterNanos(), maxNanos)
            : ThreadLocalRandom.current().nextLong(Math.min(bound, maxNanos) + 1);
        bound = (long) Math.min(maxNanos, bound * policy.multiplier());
        metrics.retried();
        if (!pause(wait)) throw e; // closing
      }
    }
  }

  /** Waits {@code nanos}; false when {@link #stopRetrying} was called (before or meanwhile). */
  private boolean pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    synchronized (waitLock) {
      while (!stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return true;
        try {
          waitLock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          // A wake-up meant for the idle reporter thread: keep waiting unless stopped.
        }
      }
    }
    return false;
  }

  /** No more attempts: a message being retried fails with its last error at once. */
  void stopRetrying() {
    stopped = true;
    synchronized (waitLock) {
      waitLock.notifyAll();
    }
  }

  @Override
  public long rejectedInLastMessage() {
    return delegate instanceof PartialSuccessSender ? ((PartialSuccessSender) delegate).rejectedInLastMessage() : 0;
  }

  @Override
  public void close() throws IOException {
    stopRetrying();
    delegate.close();
  }
}
