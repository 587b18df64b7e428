package dev.meshtrace.reporting;

import java.time.Duration;
import java.util.logging.Logger;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.BytesMessageSender;

/**
 * The settings every reporting handler's builder shares (Zipkin, OTLP): batching, the queue bound, the message size,
 * retries and the close timeout. Each setting fails fast, naming itself, on a bad value.
 *
 * @param <B> the handler's builder type
 */
public abstract class ReporterSettings<B extends ReporterSettings<B>> {
  Duration flushInterval = Duration.ofSeconds(1);
  Duration closeTimeout = Duration.ofSeconds(5);
  int queuedMaxSpans = 10_000;
  int messageMaxBytes = 512 * 1024;
  RetryPolicy retry = RetryPolicy.DEFAULT;

  protected ReporterSettings() {}

  /** This builder. */
  protected abstract B self();

  /** How long a span may wait to be sent with others. Default 1 second; at least 1 ms. */
  public B flushInterval(Duration interval) {
    this.flushInterval = requireAtLeastOneMilli("flushInterval", interval);
    return self();
  }

  /** How long the handler's {@code close()} may take to deliver what is queued. Default 5 seconds. */
  public B closeTimeout(Duration timeout) {
    this.closeTimeout = requirePositiveOrZero("closeTimeout", timeout);
    return self();
  }

  /** At most this many spans wait to be sent; more are dropped. Default 10000. */
  public B queuedMaxSpans(int max) {
    if (max < 1) throw new IllegalArgumentException("queuedMaxSpans must be at least 1, was " + max);
    this.queuedMaxSpans = max;
    return self();
  }

  /** The largest message sent, in bytes before compression; a larger span is dropped. Default 512 KiB. */
  public B messageMaxBytes(int max) {
    if (max < 1024) throw new IllegalArgumentException("messageMaxBytes must be at least 1024, was " + max);
    this.messageMaxBytes = max;
    return self();
  }

  /**
   * How failed messages are retried. Default {@link RetryPolicy#DEFAULT} (as the OpenTelemetry SDK's: 5 attempts,
   * 1 s initial backoff, 5 s at most, ×1.5, with jitter); {@link RetryPolicy#NONE} turns retries off.
   */
  public B retry(RetryPolicy retry) {
    if (retry == null) throw new IllegalArgumentException("retry must not be null");
    this.retry = retry;
    return self();
  }

  /** The configured {@link #messageMaxBytes(int)}, for the sender. */
  protected final int messageMaxBytes() {
    return messageMaxBytes;
  }

  /**
   * A reporter with these settings. Nothing is connected yet: the first span starts its thread.
   *
   * @param log where drop warnings go: the logger of the handler the user knows
   * @param backend the backend as warnings name it, e.g. its URL
   * @param hint what the first drop warning of a burst adds about a failure
   */
  protected final <S> SpanReporter<S> newReporter(BytesMessageSender sender, BytesEncoder<S> encoder, Logger log,
      String backend, FailureHint hint) {
    return new SpanReporter<>(this, sender, encoder, log, backend, hint);
  }

  /** Fails naming {@code setting} unless {@code value} is zero or positive. */
  public static Duration requirePositiveOrZero(String setting, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
    }
    return value;
  }

  /** Fails naming {@code setting} unless {@code value} is at least a millisecond. */
  public static Duration requireAtLeastOneMilli(String setting, Duration value) {
    if (value == null || value.toMillis() < 1) {
      throw new IllegalArgumentException(setting + " must be at least 1ms, was " + value);
    }
    return value;
  }
}
