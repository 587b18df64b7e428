package dev.meshtrace.zipkin;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Counts what the wrapped sender delivers and what fails, skips empty messages (the reporter sends one when it
 * closes), and lets {@link ZipkinSpanHandler#close} wake the reporter thread without ever interrupting a message
 * being sent. A failed message is counted here and not rethrown, so the reporter logs nothing of its own about it:
 * {@link DropWarning} says it once. Once the account is settled, messages are not sent any more: their spans were
 * counted as {@link DropCause#CLOSED}.
 */
final class CountingSender implements BytesMessageSender {
  private final BytesMessageSender delegate;
  private final SpanAccount account;
  private final Object sendLock = new Object();
  private boolean sending; // guarded by sendLock

  CountingSender(BytesMessageSender delegate, SpanAccount account) {
    this.delegate = delegate;
    this.account = account;
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
    account.sent(encodedSpans.size(), delegate.messageSizeInBytes(encodedSpans));
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
