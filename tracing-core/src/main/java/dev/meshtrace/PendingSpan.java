package dev.meshtrace;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The recording state of one sampled span: its data, its trace's clock, whether it was reported, and its IDs as
 * hex once made.
 */
final class PendingSpan {
  private static final AtomicIntegerFieldUpdater<PendingSpan> DONE =
      AtomicIntegerFieldUpdater.newUpdater(PendingSpan.class, "done");

  final MutableSpan data;
  final TraceClock clock;
  private volatile int done;
  /**
   * True while the handler that made the span still holds it alone, between {@code Tracer.nextSpan} and handing it
   * to customizers or its caller: no other thread can reach it, so the handler's own writes take no lock.
   */
  volatile boolean confined;
  // Made at first use and kept. Unsynchronized on purpose: a race only makes equal strings twice, and a String is
  // safe to share without one.
  String traceIdHex;
  String spanIdHex;
  String parentIdHex;

  PendingSpan(MutableSpan data, TraceClock clock) {
    this.data = data;
    this.clock = clock;
  }

  /** Takes the hex strings of a local parent made already: its trace ID, and its span ID as this parent ID. */
  void reuseHexOf(PendingSpan parent) {
    traceIdHex = parent.traceIdHex;
    parentIdHex = parent.spanIdHex;
  }

  /** True exactly once: for the caller that finishes or abandons the span. */
  boolean markDone() {
    return DONE.compareAndSet(this, 0, 1);
  }

  boolean isDone() {
    return done != 0;
  }
}
