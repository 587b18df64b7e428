package dev.meshtrace.reporting;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.BytesMessageSender;

/**
 * The reporting core of meshtrace's span handlers (Zipkin, OTLP): the thread that finishes a span only puts it on
 * a bounded queue; a reporter thread encodes spans and hands them to the sender in messages. When the backend is
 * slow or down the queue fills and further spans are dropped and counted ({@link #metrics()}) under their
 * {@link DropCause}, never blocking or failing the application; drops are logged as a WARNING at most once a
 * minute. {@link #close(Duration)} delivers what is queued within a bound. Handlers create it through their builder
 * ({@link ReporterSettings}).
 *
 * @param <S> the queued span type, encoded on the reporter thread
 */
public final class SpanReporter<S> implements Closeable {
  private static final long STOP_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Logger log;
  private final String backend;
  private final ReportingMetrics metrics = new ReportingMetrics();
  private final DropWarning dropWarning;
  private final SpanAccount account;
  private final ReporterMetricsAdapter reporterMetrics;
  private final RetryingSender retrying;
  private final CountingSender sender;
  private final AsyncReporter<S> reporter;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Calls of {@link #report} that have returned, to tell when none is still handing a span to the reporter. */
  private final LongAdder reportsDone = new LongAdder();

  SpanReporter(ReporterSettings<?> settings, BytesMessageSender sender, BytesEncoder<S> encoder, Logger log,
      String backend, FailureHint hint) {
    this.log = log;
    this.backend = backend;
    this.dropWarning = new DropWarning(log, metrics, backend, hint, DropWarning.DEFAULT_INTERVAL_NANOS,
        System::nanoTime);
    this.account = new SpanAccount(metrics, dropWarning);
    this.reporterMetrics = new ReporterMetricsAdapter(account);
    this.retrying = new RetryingSender(sender, settings.retry, metrics);
    this.sender = new CountingSender(retrying, account);
    this.reporter = AsyncReporter.builder(this.sender)
        .queuedMaxSpans(settings.queuedMaxSpans)
        .messageMaxBytes(Math.min(settings.messageMaxBytes, sender.messageMaxBytes()))
        .messageTimeout(settings.flushInterval.toNanos(), TimeUnit.NANOSECONDS)
        // Our close keeps the time and settles the counts itself; the reporter's own close, run in the
        // background, only stops its thread once that has nothing left: then it neither drops nor logs anything.
        .closeTimeout(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
        .metrics(reporterMetrics)
        .threadFactory(reporterMetrics::newReporterThread)
        .build(encoder);
    this.closeTimeout = settings.closeTimeout;
  }

  /** Queues the span for sending; never blocks. After {@link #close} the span is dropped and counted. */
  public void report(S span) {
    metrics.spanReported();
    try {
      if (closed.get()) {
        account.rejected(DropCause.CLOSED);
      } else {
        reporter.report(span);
      }
    } finally {
      reportsDone.increment();
    }
  }

  /** What this reporter was handed, sent and dropped so far. */
  public ReportingMetrics metrics() {
    return metrics;
  }

  /** Closes within the configured close timeout (default 5 seconds); see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(closeTimeout);
  }

  /**
   * Stops accepting spans and delivers the spans already reported, returning within {@code timeout} even when the
   * backend hangs or a message waits for its next attempt (retries end). When it returns, every span reported was
   * sent or is counted as dropped: those whose message failed as {@link DropCause#SEND_FAILED}, those still unsent
   * when the time ran out (queued, or in a message the backend had not answered) as {@link DropCause#CLOSED}; the
   * counts are final. If any span was ever dropped, one WARNING sums up what was lost at shutdown and why, before
   * this returns (also from a shutdown hook, when the JDK's logging may already be reset). The reporter thread stops
   * in the background; what it still held is not sent. Later calls return at once.
   *
   * @return true when nothing was left unsent (every reported span was sent or had failed to send)
   */
  public boolean close(Duration timeout) {
    long budget = ReporterSettings.requirePositiveOrZero("timeout", timeout).toNanos();
    if (!closed.compareAndSet(false, true)) return metrics.spansQueued() == 0;
    long start = System.nanoTime();
    long[] droppedBefore = metrics.droppedCounts();
    long drainBudget = budget - Math.min(budget / 4, STOP_RESERVE_NANOS);
    boolean interrupted = false;
    // Spans reported from now on are dropped at once; wait for reports in progress to reach the queue.
    while (reportsDone.sum() != metrics.spansReported() && System.nanoTime() - start < budget && !interrupted) {
      interrupted = !pause();
    }
    // zipkin-reporter's close sends one more message and drops what is still queued, so first let its thread
    // empty the queue: then at most the message it is gathering remains, which it sends when closed.
    while (metrics.spansQueued() > 0 && !reporterMetrics.queueSeenEmptySince(start)
        && System.nanoTime() - start < drainBudget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    reporterMetrics.closing();
    retrying.stopRetrying(); // a message waiting for its next attempt fails now, within the budget
    Thread stopper = new Thread(this::stopReporter, "meshtrace-reporter-close " + backend);
    stopper.setDaemon(true);
    stopper.start();
    while (stopper.isAlive() && System.nanoTime() - start < budget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    long unsent = account.settle();
    dropWarning.closed(droppedBefore, unsent, timeout);
    if (interrupted) Thread.currentThread().interrupt();
    return unsent == 0;
  }

  /** An idle reporter thread looks at its queue and at the closed flag only after its flush interval: wake it. */
  private void wakeReporterThread() {
    Thread reporterThread = reporterMetrics.reporterThread();
    if (reporterThread != null) sender.wake(reporterThread);
  }

  /**
   * Stops the reporter thread once it has nothing left, then closes the sender. Runs in the background once close
   * has given up on a hanging backend: the thread then skips its remaining messages (see {@link CountingSender}).
   */
  private void stopReporter() {
    Thread reporterThread = reporterMetrics.reporterThread();
    // A reporter whose thread never started would wait for it for ever.
    if (reporterThread != null) {
      long since = System.nanoTime();
      while (reporterThread.isAlive() && !reporterMetrics.queueSeenEmptySince(since) && pause()) {
        wakeReporterThread();
      }
      // The reporter's close waits for its thread, which may have gone back to waiting out a whole flush interval
      // for more spans before it sees the closed flag: keep waking it until that close returns.
      Thread closing = new Thread(reporter::close, "meshtrace-reporter-stop " + backend);
      closing.setDaemon(true);
      closing.start();
      while (closing.isAlive() && pause()) wakeReporterThread();
    }
    try {
      sender.close();
    } catch (IOException | RuntimeException e) {
      log.log(Level.FINE, "Closing the sender for " + backend + " failed", e);
    }
  }

  /** Sleeps briefly; false when interrupted. */
  private static boolean pause() {
    try {
      Thread.sleep(5);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "SpanReporter{" + backend + "}";
  }
}
