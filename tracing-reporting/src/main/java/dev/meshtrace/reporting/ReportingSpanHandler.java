package dev.meshtrace.reporting;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.TraceContext;
import dev.meshtrace.diagnostics.Describable;
import dev.meshtrace.diagnostics.Secrets;
import java.io.Closeable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the span handlers that report to a backend through a {@link SpanReporter}: finished spans are queued,
 * never blocking; {@link #metrics()} counts them; {@link #close} delivers what is queued within a bound.
 *
 * @param <S> what is queued for each span
 */
public abstract class ReportingSpanHandler<S> implements SpanHandler, Closeable, Describable {
  private final SpanReporter<S> reporter;

  protected ReportingSpanHandler(SpanReporter<S> reporter) {
    this.reporter = reporter;
  }

  /** What is queued for {@code span}, which has IDs. */
  protected abstract S queued(TraceContext context, MutableSpan span);

  /** Queues the span for sending; never blocks. Spans without IDs are ignored. Always returns true. */
  @Override
  public final boolean end(TraceContext context, MutableSpan span) {
    if (span.traceId() == 0 || span.spanId() == 0) return true;
    reporter.report(queued(context, span));
    return true;
  }

  /** What this handler reported, sent and dropped so far. */
  public final ReportingMetrics metrics() {
    return reporter.metrics();
  }

  /**
   * For {@code tracing.diagnostics()}: the reporter (its {@code toString()}, the endpoint's credentials and query
   * values masked) and how it is doing: its counts and its last send failure (masked likewise).
   */
  @Override
  public Map<String, Object> describe() {
    ReportingMetrics metrics = metrics();
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("reporter", Secrets.maskUrl(toString()));
    description.put("spansReported", metrics.spansReported());
    description.put("spansSent", metrics.spansSent());
    description.put("spansDropped", metrics.spansDropped());
    description.put("spansQueued", metrics.spansQueued());
    description.put("messagesSent", metrics.messagesSent());
    description.put("messagesFailed", metrics.messagesFailed());
    Throwable failure = metrics.lastSendFailure();
    description.put("lastSendFailure", failure == null ? null : Secrets.maskUrl(String.valueOf(failure)));
    return description;
  }

  /** Closes within the configured close timeout (default 5 seconds); see {@link #close(Duration)}. */
  @Override
  public final void close() {
    reporter.close();
  }

  /**
   * Stops accepting spans and delivers the spans already reported (retries included), returning within
   * {@code timeout} even when the backend hangs. When it returns the counts are final: every span reported was
   * sent or is counted as dropped, those still unsent as {@link DropCause#CLOSED}; one WARNING sums up what was lost,
   * if anything was. See {@link SpanReporter#close(Duration)}. Later calls return at once.
   *
   * @return true when nothing was left unsent (every reported span was sent or had failed to send)
   */
  public final boolean close(Duration timeout) {
    return reporter.close(timeout);
  }
}
