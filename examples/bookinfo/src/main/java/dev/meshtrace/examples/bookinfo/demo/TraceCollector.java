package dev.meshtrace.examples.bookinfo.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Reads the trace of each demo request back from Zipkin, waiting for the spans still in flight: services report
 * asynchronously, within a second or so. All traces share one wait, which starts when the collector is made.
 */
final class TraceCollector {
  private static final long WAIT_MILLIS = 15_000;
  private static final long SLACK_MICROS = 1_000_000;

  private final ZipkinApi api;
  private final String entryService;
  private final int expectedSpans;
  private final long deadline = System.currentTimeMillis() + WAIT_MILLIS;

  /** {@code entryService} is the service the requests went to; a whole trace has {@code expectedSpans}. */
  TraceCollector(ZipkinApi api, String entryService, int expectedSpans) {
    this.api = api;
    this.entryService = entryService;
    this.expectedSpans = expectedSpans;
  }

  /**
   * The spans of the trace of {@code sent}, once all expected spans arrived or the wait is over. A request sent
   * without trace headers is found by its entry span: a root span of the entry service within the request's time,
   * in a trace none of {@code otherTraceIds} names.
   */
  List<ZipkinSpan> collect(SentRequest sent, Set<String> otherTraceIds) throws IOException {
    String traceId = sent.request().traceId();
    List<ZipkinSpan> spans = List.of();
    while (true) {
      if (traceId == null) traceId = findTraceId(sent, otherTraceIds);
      if (traceId != null) spans = api.trace(traceId);
      if (spans.size() >= expectedSpans || System.currentTimeMillis() > deadline) return spans;
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return spans;
      }
    }
  }

  private String findTraceId(SentRequest sent, Set<String> otherTraceIds) throws IOException {
    long lookbackMicros = System.currentTimeMillis() * 1000 - sent.sentMicros() + 2 * SLACK_MICROS;
    for (List<ZipkinSpan> trace : api.traces(entryService, Duration.of(lookbackMicros, ChronoUnit.MICROS))) {
      for (ZipkinSpan span : trace) {
        boolean entry = span.isServer() && span.parentId() == null && entryService.equals(span.serviceName())
            && span.timestamp() >= sent.sentMicros() - SLACK_MICROS
            && span.timestamp() <= sent.answeredMicros() + SLACK_MICROS;
        if (entry && !otherTraceIds.contains(span.traceId())) return span.traceId();
      }
    }
    return null;
  }
}
