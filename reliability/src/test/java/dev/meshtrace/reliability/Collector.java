package dev.meshtrace.reliability;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A span backend on loopback that a test makes fail as real ones do, counting into its {@link Tally}. Faults are
 * named by HTTP status; a gRPC backend answers with the status code that stands for it.
 */
abstract class Collector implements AutoCloseable {
  final Tally tally;
  private volatile int status = 202;
  private volatile CountDownLatch hold;

  Collector(Tally tally) {
    this.tally = tally;
  }

  /** From now on every export is answered with {@code status}; 202 accepts the spans. */
  final void answer(int status) {
    this.status = status;
  }

  /** From now on exports are read and held without an answer until {@link #release}. */
  final void holdExports() {
    hold = new CountDownLatch(1);
  }

  /** Answers the held exports as failed (a hung backend never processed them) and stops holding. */
  final void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) latch.countDown();
  }

  /**
   * Counts an export that arrived and decides its answer: the scripted status, or, while exports are held, waits
   * for {@link #release} and then answers {@code afterHold}.
   */
  final int answerExport(int afterHold) {
    tally.exported();
    CountDownLatch latch = hold;
    if (latch == null) return status;
    tally.holding(1);
    try {
      latch.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      tally.holding(-1);
    }
    return afterHold;
  }

  /** Stops listening at once, as a killed process would. */
  @Override
  public abstract void close();
}
