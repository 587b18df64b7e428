package dev.meshtrace.reporting;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Counts what the wrapped sender delivers, skips empty messages (the reporter sends one when it closes), and lets
 * {@link SpanReporter#close} wake the reporter thread without ever interrupting a message being sent.
 */
final class CountingSender implements BytesMessageSender {
  private final BytesMessageSender delegate;
  private final ReportingMetrics metrics;
  private final Object sendLock = new Object();
  private boolean sending; // guarded by sendLock

  CountingSender(BytesMessageSender delegate, ReportingMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public Encoding encoding() {
    return delegate.encoding();
  }

  @Override
  public int messageMaxBytes() {
    return delegate.messageMaxBytes();
  }

  @Override
  public int messageSizeInBytes(List<byte[]> encodedSpans) {
    return delegate.messageSizeInBytes(encodedSpans);
  }

  @Override
  public int messageSizeInBytes(int encodedSizeInBytes) {
    return delegate.messageSizeInBytes(encodedSizeInBytes);
  }

  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    if (encodedSpans.isEmpty()) return;
    synchronized (sendLock) {
      sending = true;
      Thread.interrupted(); // a wake-up meant for the idle thread must not abort this message
    }
    try {
      delegate.send(encodedSpans);
    } finally {
      synchronized (sendLock) {
        sending = false;
      }
    }
    long rejected = delegate instanceof PartialSuccessSender partial ? partial.rejectedInLastMessage() : 0;
    metrics.messageSent(encodedSpans.size(), rejected, delegate.messageSizeInBytes(encodedSpans));
  }

  /**
   * Interrupts {@code reporterThread} when it waits for spans (the only sender), so that it looks at the reporter's
   * state at once instead of after its flush interval; does nothing while it sends.
   */
  void wake(Thread reporterThread) {
    synchronized (sendLock) {
      if (!sending && reporterThread.getState() == Thread.State.TIMED_WAITING) reporterThread.interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
