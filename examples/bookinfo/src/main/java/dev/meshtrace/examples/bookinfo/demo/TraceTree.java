package dev.meshtrace.examples.bookinfo.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spans of one trace arranged by parent. A span whose parent is not in the trace (the caller's span, such as
 * the sidecar's, which the demo never reports) is a root, as is a span without a parent.
 */
public final class TraceTree {
  /** A span at its depth, in depth-first order with siblings by start time. */
  public record Row(ZipkinSpan span, int depth) {}

  private final List<ZipkinSpan> spans;
  private final List<Row> rows = new ArrayList<>();

  public TraceTree(List<ZipkinSpan> spans) {
    this.spans = List.copyOf(spans);
    Map<String, ZipkinSpan> byId = new HashMap<>();
    for (ZipkinSpan span : spans) byId.put(span.id(), span);
    Map<String, List<ZipkinSpan>> children = new HashMap<>();
    List<ZipkinSpan> roots = new ArrayList<>();
    for (ZipkinSpan span : spans) {
      if (span.parentId() == null || !byId.containsKey(span.parentId())) {
        roots.add(span);
      } else {
        children.computeIfAbsent(span.parentId(), id -> new ArrayList<>()).add(span);
      }
    }
    roots.sort(Comparator.comparingLong(ZipkinSpan::timestamp));
    for (ZipkinSpan root : roots) addRows(root, 0, children);
  }

  private void addRows(ZipkinSpan span, int depth, Map<String, List<ZipkinSpan>> children) {
    rows.add(new Row(span, depth));
    List<ZipkinSpan> below = children.get(span.id());
    if (below == null) return;
    below.sort(Comparator.comparingLong(ZipkinSpan::timestamp));
    for (ZipkinSpan child : below) addRows(child, depth + 1, children);
  }

  public List<ZipkinSpan> spans() {
    return spans;
  }

  public List<Row> rows() {
    return rows;
  }

  /** The root spans: those whose parent is absent or not in the trace. */
  public List<ZipkinSpan> roots() {
    return rows.stream().filter(row -> row.depth() == 0).map(Row::span).toList();
  }

  /** The names of the services that recorded spans, in order of appearance. */
  public Set<String> services() {
    Set<String> services = new LinkedHashSet<>();
    for (Row row : rows) {
      if (row.span().serviceName() != null) services.add(row.span().serviceName());
    }
    return services;
  }

  /** The earliest start, in epoch microseconds. */
  public long start() {
    return spans.stream().mapToLong(ZipkinSpan::timestamp).min().orElse(0);
  }

  /** From the earliest start to the latest end, in microseconds. */
  public long duration() {
    long end = spans.stream().mapToLong(span -> span.timestamp() + span.duration()).max().orElse(0);
    return end - start();
  }
}
