package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.reporting.ReportingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Judges a reporter's backend (Zipkin, OTLP) from its counters, independently of the Spring Boot generation whose
 * health API reports it. Down when, since the previous check, messages failed and none was accepted (before any
 * message was accepted, when any failed); up again as soon as one is accepted; unchanged while nothing was sent.
 */
final class ReporterHealth {
  private final ReportingMetrics metrics;
  private final String reporter;
  private long lastSent;
  private long lastFailed;
  private boolean failing;

  ReporterHealth(ReportingMetrics metrics, String reporter) {
    this.metrics = metrics;
    this.reporter = reporter;
  }

  /** Whether the backend is failing now, updating what this check remembers. */
  synchronized boolean isFailing() {
    long sent = metrics.messagesSent();
    long failed = metrics.messagesFailed();
    if (sent > lastSent) {
      failing = false;
    } else if (failed > lastFailed) {
      failing = true;
    }
    lastSent = sent;
    lastFailed = failed;
    return failing;
  }

  /** What the health endpoint shows besides the status. */
  Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reporter", reporter);
    details.put("messagesSent", metrics.messagesSent());
    details.put("messagesFailed", metrics.messagesFailed());
    details.put("spansQueued", metrics.spansQueued());
    details.put("spansDropped", metrics.spansDropped());
    Throwable failure = metrics.lastSendFailure();
    if (failure != null) details.put("lastFailure", String.valueOf(failure));
    return details;
  }
}
