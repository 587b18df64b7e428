package dev.meshtrace;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** The recording state of one sampled span: its data, its trace's clock, and whether it was reported. */
final class PendingSpan {
  private static final AtomicIntegerFieldUpdater<PendingSpan> DONE =
      AtomicIntegerFieldUpdater.newUpdater(PendingSpan.class, "done");

  final MutableSpan data;
  final TraceClock clock;
  private volatile int done;

  PendingSpan(MutableSpan data, TraceClock clock) {
    this.data = data;
    this.clock = clock;
  }

  /** True exactly once: for the caller that finishes or abandons the span. */
  boolean markDone() {
    return DONE.compareAndSet(this, 0, 1);
  }

  boolean isDone() {
    return done != 0;
  }
}
