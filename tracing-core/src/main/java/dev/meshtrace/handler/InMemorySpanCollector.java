package dev.meshtrace.handler;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Keeps finished spans in memory, for tests: add it to {@code Tracing}, exercise the code, then assert on
 * {@link #spans()} with AssertJ ({@code assertThat(collector.spans()).extracting(MutableSpan::name)...}).
 * Thread-safe. Unbounded: not for production.
 */
public final class InMemorySpanCollector implements SpanHandler {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final List<MutableSpan> spans = new ArrayList<>();

  @Override
  public boolean end(TraceContext context, MutableSpan span) {
    lock.lock();
    try {
      spans.add(span);
      added.signalAll();
    } finally {
      lock.unlock();
    }
    return true;
  }

  /** A snapshot of the spans finished so far, in finishing order. */
  public List<MutableSpan> spans() {
    lock.lock();
    try {
      return List.copyOf(spans);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code count} spans finished, then returns them; fails after {@code timeout}. */
  public List<MutableSpan> awaitSpans(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (spans.size() < count) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError("Expected " + count + " spans within " + timeout + " but got " + spans);
        }
        added.await(remaining, TimeUnit.NANOSECONDS);
      }
      return List.copyOf(spans);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for spans", e);
    } finally {
      lock.unlock();
    }
  }

  /** The spans matching {@code filter}. */
  public List<MutableSpan> spans(Predicate<MutableSpan> filter) {
    List<MutableSpan> result = new ArrayList<>();
    for (MutableSpan span : spans()) if (filter.test(span)) result.add(span);
    return result;
  }

  /** The only span of {@code kind}; fails when there are none or several. */
  public MutableSpan onlySpan(SpanKind kind) {
    List<MutableSpan> matching = spans(span -> span.kind() == kind);
    if (matching.size() != 1) {
      throw new NoSuchElementException("Expected one " + kind + " span but got " + matching);
    }
    return matching.get(0);
  }

  /** The first span named {@code name}; fails when there is none. */
  public MutableSpan spanNamed(String name) {
    for (MutableSpan span : spans()) if (name.equals(span.name())) return span;
    throw new NoSuchElementException("No span named '" + name + "' in " + spans());
  }

  /** Forgets all spans. */
  public void clear() {
    lock.lock();
    try {
      spans.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "InMemorySpanCollector";
  }
}
