package dev.meshtrace.otlp.internal;

import dev.meshtrace.otlp.RetryPolicy;
import dev.meshtrace.reporting.PartialSuccessSender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * The zipkin-reporter sender of OTLP: joins the encoded spans into a request, exports it through a
 * {@link Transport} and retries as the {@link RetryPolicy} says. A request that finally fails throws, so the reporter
 * counts its spans as failed; spans a collector rejected in an accepted request are counted by the reporter
 * ({@link #rejectedInLastMessage}).
 * {@link #stopRetrying} (at close) ends any wait at once and lets no further attempt start.
 */
public final class OtlpSender extends BytesMessageSender.Base implements PartialSuccessSender {
  private static final Logger LOG = Logger.getLogger(OtlpSender.class.getName());

  private final Transport transport;
  private final boolean json;
  private final int messageMaxBytes;
  private final RetryPolicy retry;
  private long rejectedInLastMessage; // only the reporter thread sends
  private final Object waitLock = new Object();
  private volatile boolean stopped;

  OtlpSender(Transport transport, boolean json, int messageMaxBytes, RetryPolicy retry) {
    super(json ? Encoding.JSON : Encoding.PROTO3);
    this.transport = transport;
    this.json = json;
    this.messageMaxBytes = messageMaxBytes;
    this.retry = retry;
  }

  @Override
  public int messageMaxBytes() {
    // The reporter sizes JSON messages as a bare array; ours adds the object around it.
    return messageMaxBytes - (OtlpMessages.sizeInBytes(json, 1, 0) - encoding.listSizeInBytes(0));
  }

  @Override
  public int messageSizeInBytes(List<byte[]> encodedSpans) {
    return OtlpMessages.sizeInBytes(json, encodedSpans);
  }

  @Override
  public int messageSizeInBytes(int encodedSizeInBytes) {
    return OtlpMessages.sizeInBytes(json, 1, encodedSizeInBytes);
  }

  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    rejectedInLastMessage = 0;
    if (encodedSpans.isEmpty()) return;
    byte[] request = OtlpMessages.request(json, encodedSpans);
    long bound = retry.initialBackoff().toNanos();
    for (int attempt = 1; ; attempt++) {
      ExportResult result = transport.export(request);
      if (result.accepted()) {
        rejectedInLastMessage = result.rejectedSpans();
        if (rejectedInLastMessage > 0) {
          LOG.fine(() -> transport + " rejected " + rejectedInLastMessage + " spans: " + result.message());
        }
        return;
      }
      if (!result.retryable() || attempt >= retry.maxAttempts() || stopped) {
        throw new IOException(result.message() + (attempt > 1 ? " (after " + attempt + " attempts)" : ""));
      }
      long maxNanos = retry.maxBackoff().toNanos();
      long wait = result.retryAfterNanos() >= 0
          ? Math.min(result.retryAfterNanos(), maxNanos)
          : ThreadLocalRandom.current().nextLong(Math.min(bound, maxNanos) + 1);
      bound = (long) Math.min(maxNanos, bound * retry.multiplier());
      if (!pause(wait)) {
        throw new IOException(result.message() + " (retry abandoned: closing)");
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
          waitLock.wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException e) {
          // A wake-up meant for the idle reporter thread: keep waiting unless stopped.
        }
      }
    }
    return false;
  }

  /** No more attempts: a request being retried fails with its last error at once. */
  public void stopRetrying() {
    stopped = true;
    synchronized (waitLock) {
      waitLock.notifyAll();
    }
  }

  @Override
  public long rejectedInLastMessage() {
    return rejectedInLastMessage;
  }

  @Override
  public void close() {
    stopRetrying();
    transport.close();
  }

  @Override
  public String toString() {
    return transport.toString();
  }
}
