package dev.meshtrace.reporting;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;

/**
 * Counts what the wrapped sender delivers, skips empty messages (the reporter sends one when it closes), and lets
 * {@link SpanReporter#close} wake the reporter thread without ever interrupting a message being sent.
 */
final class CountingSender extends ForwardingSender {
  private final ReportingMetrics metrics;
  private final Object sendLock = new Object();
  private boolean sending; // guarded by sendLock

  CountingSender(BytesMessageSender delegate, ReportingMetrics metrics) {
    super(delegate);
    this.metrics = metrics;
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
}
