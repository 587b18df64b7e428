package dev.meshtrace.reliability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backend received, kept across its restarts (a stand-in stopped and started again on its port counts on in
 * the same tally): exports (posts or calls), their answers as HTTP statuses, exports held unanswered right now, and
 * the spans it decoded and accepted with their trace IDs. A span accepted twice (its message processed, the answer
 * lost, the message retried) counts once, and as a duplicate.
 */
final class Tally {
  private final AtomicInteger exports = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private final Set<String> spansAccepted = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final ConcurrentHashMap<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
  private final Set<String> traceIds = ConcurrentHashMap.newKeySet();
  private final StringBuffer acceptedText = new StringBuffer();

  void exported() {
    exports.incrementAndGet();
  }

  void holding(int delta) {
    held.addAndGet(delta);
  }

  void answered(int status) {
    answered.computeIfAbsent(status, code -> new AtomicInteger()).incrementAndGet();
  }

  /** A span the backend decoded and accepted: its IDs in lower-case hex, and its text for scanning. */
  void accepted(String traceId, String spanId, String text) {
    traceIds.add(traceId);
    acceptedText.append(text).append('\n');
    if (!spansAccepted.add(traceId + "/" + spanId)) duplicates.incrementAndGet();
  }

  int exports() {
    return exports.get();
  }

  int held() {
    return held.get();
  }

  /** Exports answered with {@code status} (for gRPC, the HTTP status its code stands for). */
  int answeredWith(int status) {
    AtomicInteger count = answered.get(status);
    return count == null ? 0 : count.get();
  }

  /** Distinct spans accepted. */
  long spansAccepted() {
    return spansAccepted.size();
  }

  /** Spans accepted again after they had been accepted once. */
  long duplicates() {
    return duplicates.get();
  }

  boolean received(String traceId) {
    return traceIds.contains(traceId);
  }

  String acceptedText() {
    return acceptedText.toString();
  }
}
