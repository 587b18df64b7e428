package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallSite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code meshtrace}, read-only: {@code tracing.diagnostics()} as plain JSON values (orphan
 * calls per adapter and destination, their call sites with counts, first and last seen, thread and fix, and the
 * tracer's configuration with secrets masked). Like other sensitive endpoints it is not exposed over the web by
 * default: add it to {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "meshtrace")
public class MeshtraceEndpoint {
  private final Tracing tracing;

  MeshtraceEndpoint(Tracing tracing) {
    this.tracing = tracing;
  }

  /** The diagnostics now. */
  @ReadOperation
  public Map<String, Object> diagnostics() {
    Diagnostics diagnostics = tracing.diagnostics();
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> counts = new ArrayList<>();
    for (OrphanCallCount count : diagnostics.orphanCalls()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("adapter", count.adapter());
      entry.put("host", count.host());
      entry.put("count", count.count());
      counts.add(entry);
    }
    body.put("orphanCalls", counts);
    List<Map<String, Object>> sites = new ArrayList<>();
    for (OrphanCallSite site : diagnostics.callSites()) sites.add(site(site));
    body.put("callSites", sites);
    body.put("callSitesNotRecorded", diagnostics.callSitesNotRecorded());
    body.put("configuration", diagnostics.configuration());
    return body;
  }

  private static Map<String, Object> site(OrphanCallSite site) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("adapter", site.adapter());
    entry.put("host", site.host());
    entry.put("request", site.request());
    entry.put("location", site.location());
    entry.put("applicationFrame", site.applicationFrame());
    entry.put("entry", site.entry());
    entry.put("thread", site.thread());
    entry.put("threadKind", site.threadKind().name().toLowerCase(java.util.Locale.ROOT));
    entry.put("frameworks", site.frameworks());
    entry.put("jdk", site.jdk());
    entry.put("fix", site.fix());
    entry.put("count", site.count());
    entry.put("firstSeen", site.firstSeen().toString());
    entry.put("lastSeen", site.lastSeen().toString());
    return entry;
  }
}
