package dev.meshtrace.reporting;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final ReporterMetricsAdapter reporterMetrics;
  private final RetryingSender retrying;
  private final CountingSender sender;
  private final AsyncReporter<S> reporter;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  SpanReporter(ReporterSettings<?> settings, BytesMessageSender sender, BytesEncoder<S> encoder, Logger log,
      String backend) {
    this.log = log;
    this.backend = backend;
    this.reporterMetrics = new ReporterMetricsAdapter(metrics,
        new DropWarning(log, metrics, backend, DropWarning.DEFAULT_INTERVAL_NANOS, System::nanoTime));
    this.retrying = new RetryingSender(sender, settings.retry, metrics);
    this.sender = new CountingSender(retrying, metrics);
    this.reporter = AsyncReporter.builder(this.sender)
        .queuedMaxSpans(settings.queuedMaxSpans)
        .messageMaxBytes(Math.min(settings.messageMaxBytes, sender.messageMaxBytes()))
        .messageTimeout(settings.flushInterval.toNanos(), TimeUnit.NANOSECONDS)
        .closeTimeout(settings.closeTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .metrics(reporterMetrics)
        .threadFactory(reporterMetrics::newReporterThread)
        .build(encoder);
    this.closeTimeout = settings.closeTimeout;
  }

  /** Queues the span for sending; never blocks. After {@link #close} the span is dropped and counted. */
  public void report(S span) {
    metrics.spanReported();
    if (closed.get()) {
      reporterMetrics.droppedClosed();
    } else {
      reporter.report(span);
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
   * Stops accepting spans, waits until the spans already queued are sent (or their sending failed) and stops the
   * reporter thread; returns within {@code timeout} even when the backend hangs. Spans still queued then are dropped
   * and counted as {@link DropCause#CLOSED}. Later calls return at once.
   *
   * @return true when nothing was left unsent (every reported span was sent or had failed to send)
   */
  public boolean close(Duration timeout) {
    long budget = ReporterSettings.requirePositiveOrZero("timeout", timeout).toNanos();
    if (!closed.compareAndSet(false, true)) return metrics.spansQueued() == 0;
    long start = System.nanoTime();
    long drainBudget = budget - Math.min(budget / 4, STOP_RESERVE_NANOS);
    boolean interrupted = false;
    // zipkin-reporter's close sends one more message and drops what is still queued, so first let its thread
    // empty the queue: then at most the message it is gathering remains, which it sends when closed.
    while (metrics.spansQueued() > 0 && !reporterMetrics.queueSeenEmptySince(start)
        && System.nanoTime() - start < drainBudget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    reporterMetrics.closing();
    retrying.stopRetrying(); // a message waiting for its next attempt fails now, within the budget
    Thread stopper = new Thread(this::stopReporter, "meshtrace-reporter-close");
    stopper.setDaemon(true);
    stopper.start();
    while (stopper.isAlive() && System.nanoTime() - start < budget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    if (interrupted) Thread.currentThread().interrupt();
    return metrics.spansQueued() == 0;
  }

  /** An idle reporter thread looks at its queue and at the closed flag only after its flush interval: wake it. */
  private void wakeReporterThread() {
    Thread reporterThread = reporterMetrics.reporterThread();
    if (reporterThread != null) sender.wake(reporterThread);
  }

  private void stopReporter() {
    // A reporter whose thread never started would wait its whole close timeout for it.
    if (reporterMetrics.reporterThread() != null) reporter.close();
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
