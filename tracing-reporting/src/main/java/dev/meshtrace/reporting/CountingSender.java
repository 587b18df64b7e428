package dev.meshtrace.reporting;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;

/**
 * Counts what the wrapped sender delivers and what fails, skips empty messages (the reporter sends one when it
 * closes), and lets {@link SpanReporter#close} wake the reporter thread without ever interrupting a message being
 * sent. A failed message (after its retries) is counted here and not rethrown, so the reporter logs nothing of its
 * own about it: {@link DropWarning} says it once. Once the account is settled, messages are not sent any more: their
 * spans were counted as {@link DropCause#CLOSED}.
 */
final class CountingSender extends ForwardingSender {
  private final SpanAccount account;
  private final Object sendLock = new Object();
  private boolean sending; // guarded by sendLock

  CountingSender(BytesMessageSender delegate, SpanAccount account) {
    super(delegate);
    this.account = account;
  }

  @Override
  public void send(List<byte[]> encodedSpans) {
    if (encodedSpans.isEmpty() || account.settled()) return;
    synchronized (sendLock) {
      sending = true;
      Thread.interrupted(); // a wake-up meant for the idle thread must not abort this message
    }
    try {
      delegate.send(encodedSpans);
    } catch (IOException | RuntimeException e) {
      account.sendFailed(e, encodedSpans.size());
      return;
    } finally {
      synchronized (sendLock) {
        sending = false;
      }
    }
    long rejected = delegate instanceof PartialSuccessSender partial ? partial.rejectedInLastMessage() : 0;
    account.sent(encodedSpans.size(), rejected, requestSizeInBytes(encodedSpans));
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
