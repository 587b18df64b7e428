package dev.meshtrace.reporting;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.Encoding;

/**
 * The reporting core's next hop: a sender that keeps each message the reporter thread hands it, answering as the
 * test scripted (accept, fail with an error, hold the message until released, reject some spans). Spans are strings
 * encoded as their UTF-8 bytes, so what arrived reads back as the strings reported.
 */
final class TestSender implements PartialSuccessSender {
  /** Spans as their UTF-8 bytes. */
  static final BytesEncoder<String> STRINGS = new BytesEncoder<>() {
    @Override
    public Encoding encoding() {
      return Encoding.JSON;
    }

    @Override
    public int sizeInBytes(String span) {
      return span.getBytes(UTF_8).length;
    }

    @Override
    public byte[] encode(String span) {
      return span.getBytes(UTF_8);
    }
  };

  /** What one attempt to send a message does instead of accepting it. */
  interface Answer {
    void answer() throws IOException;
  }

  /** Each attempt, as it starts: the spans of its message. */
  final BlockingQueue<List<String>> attempts = new LinkedBlockingQueue<>();
  /** Each message accepted: its spans. */
  final BlockingQueue<List<String>> accepted = new LinkedBlockingQueue<>();
  /** The answers of the next attempts, in order; an attempt with none left accepts its message. */
  final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  final AtomicInteger attemptCount = new AtomicInteger();
  final CountDownLatch closed = new CountDownLatch(1);
  final CountDownLatch released = new CountDownLatch(1);
  private final int messageMaxBytes;
  private volatile long rejectedInEachMessage;
  private volatile long rejectedInLastMessage;

  TestSender() {
    this(512 * 1024);
  }

  TestSender(int messageMaxBytes) {
    this.messageMaxBytes = messageMaxBytes;
  }

  /** The next attempts throw {@code error}, {@code times} times. */
  TestSender failing(IOException error, int times) {
    for (int i = 0; i < times; i++) {
      script.add(() -> {
        throw error;
      });
    }
    return this;
  }

  /** The next attempt holds its message until {@link #release()} (or two minutes), then accepts it. */
  TestSender hanging() {
    script.add(() -> {
      try {
        released.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while hanging", e);
      }
    });
    return this;
  }

  void release() {
    released.countDown();
  }

  /** From now on, the backend rejects this many spans of each message it accepts (partial success). */
  TestSender rejecting(long spans) {
    rejectedInEachMessage = spans;
    return this;
  }

  /** The spans of the next attempt, waiting at most 30 seconds. */
  List<String> nextAttempt() throws InterruptedException {
    List<String> spans = attempts.poll(30, TimeUnit.SECONDS);
    if (spans == null) throw new AssertionError("no attempt to send within 30 seconds");
    return spans;
  }

  /** Every span of the accepted messages so far, in order. */
  List<String> acceptedSpans() {
    List<String> result = new ArrayList<>();
    accepted.forEach(result::addAll);
    return result;
  }

  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    List<String> spans = new ArrayList<>();
    for (byte[] span : encodedSpans) spans.add(new String(span, UTF_8));
    attemptCount.incrementAndGet();
    attempts.add(spans);
    rejectedInLastMessage = 0;
    Answer answer = script.poll();
    if (answer != null) answer.answer();
    rejectedInLastMessage = rejectedInEachMessage;
    accepted.add(spans);
  }

  @Override
  public long rejectedInLastMessage() {
    return rejectedInLastMessage;
  }

  @Override
  public Encoding encoding() {
    return Encoding.JSON;
  }

  @Override
  public int messageMaxBytes() {
    return messageMaxBytes;
  }

  @Override
  public int messageSizeInBytes(List<byte[]> encodedSpans) {
    return Encoding.JSON.listSizeInBytes(encodedSpans);
  }

  @Override
  public int messageSizeInBytes(int encodedSizeInBytes) {
    return Encoding.JSON.listSizeInBytes(encodedSizeInBytes);
  }

  @Override
  public void close() {
    closed.countDown();
  }

  @Override
  public String toString() {
    return "TestSender";
  }
}
