package dev.meshtrace.diagnostics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code tracing.diagnostics()} returns: where this process loses traces, and how its tracing is configured.
 *
 * <p>An <em>orphan call</em> is an outbound call made through a meshtrace client adapter (HTTP or gRPC) with no
 * trace context current, while this process serves traced requests: one of its server handlers received an inbound
 * request within the last {@value #SERVING_WINDOW_SECONDS} seconds. Such a call starts a new trace at the next hop,
 * so the trace of the request that caused it breaks there. Threads listed as background in
 * {@link OrphanCallSettings} are left out. A call made through a client meshtrace does not instrument is not seen.
 *
 * @param orphanCalls orphan calls counted per adapter and destination, most first
 * @param callSites where they were made, most first, at most {@link OrphanCallSettings#maxCallSites()}
 * @param callSitesNotRecorded sites seen once that many were kept already, and so not recorded
 * @param configuration the tracer's configuration: service name, mode, sampler, formats, forwarded headers, span
 *     handlers (reporters with their endpoint and health), orphan-call settings; secrets masked
 */
public record Diagnostics(List<OrphanCallCount> orphanCalls, List<OrphanCallSite> callSites,
    long callSitesNotRecorded, Map<String, Object> configuration) {
  /** How long after its last inbound request a process still counts as serving traced requests. */
  public static final int SERVING_WINDOW_SECONDS = 60;
  /** At most this many destinations are counted apart; calls to further ones count under host {@code other}. */
  public static final int MAX_DESTINATIONS = 1000;
  /** The name of the logger that warns of each new call site. */
  public static final String LOGGER = "dev.meshtrace.diagnostics";

  public Diagnostics {
    orphanCalls = List.copyOf(orphanCalls);
    callSites = List.copyOf(callSites);
    configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
  }

  /** All orphan calls counted, over every adapter and destination. */
  public long totalOrphanCalls() {
    long total = 0;
    for (OrphanCallCount count : orphanCalls) total += count.count();
    return total;
  }
}
