package dev.meshtrace.examples.bookinfo.demo;

import dev.meshtrace.examples.bookinfo.demo.TraceTree.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a trace as an indented waterfall, one line per span: service, kind, name, a bar placed on the trace's
 * timeline, duration, HTTP status and error.
 */
public final class Waterfall {
  /** Width of the timeline in characters. */
  static final int BAR_WIDTH = 40;

  private final char barGlyph;

  /** {@code unicode} selects a solid block for the bars; else {@code #}. */
  public Waterfall(boolean unicode) {
    this.barGlyph = unicode ? '\u2588' : '#';
  }

  /** The lines of the waterfall, without line separators. */
  public List<String> render(TraceTree trace) {
    List<Row> rows = trace.rows();
    int serviceWidth = 0;
    int kindWidth = 0;
    int labelWidth = 0;
    for (Row row : rows) {
      serviceWidth = Math.max(serviceWidth, 2 * row.depth() + String.valueOf(row.span().serviceName()).length());
      kindWidth = Math.max(kindWidth, kind(row.span()).length());
      labelWidth = Math.max(labelWidth, label(row.span()).length());
    }
    long start = trace.start();
    long total = Math.max(1, trace.duration());
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      ZipkinSpan span = row.span();
      String service = " ".repeat(2 * row.depth()) + span.serviceName();
      String status = status(span);
      String error = span.tag("error");
      String line = String.format(Locale.ROOT, "%-" + serviceWidth + "s  %-" + kindWidth + "s  %-" + labelWidth + "s  %s %9s  %3s%s",
          service, kind(span), label(span), bar(span.timestamp() - start, span.duration(), total),
          duration(span.duration()), status == null ? "" : status, error == null ? "" : "  error: " + error);
      lines.add(line.stripTrailing());
    }
    return lines;
  }

  /** The HTTP status, or a gRPC call's: {@code OK} or the status code's number. */
  static String status(ZipkinSpan span) {
    String http = span.tag("http.status_code");
    if (http != null) return http;
    String grpc = span.tag("rpc.grpc.status_code");
    return "0".equals(grpc) ? "OK" : grpc;
  }

  /** The span name; a client span's name is only the method, so its path is added. */
  static String label(ZipkinSpan span) {
    String name = span.name() == null ? "" : span.name();
    String path = span.tag("http.path");
    return path != null && !name.contains("/") ? name + " " + path : name;
  }

  private static String kind(ZipkinSpan span) {
    return span.kind() == null ? "local" : span.kind().toLowerCase(Locale.ROOT);
  }

  String bar(long offset, long duration, long total) {
    int from = (int) Math.min(BAR_WIDTH - 1, Math.max(0, offset * BAR_WIDTH / total));
    int length = (int) Math.max(1, Math.min(BAR_WIDTH - from, Math.round((double) duration * BAR_WIDTH / total)));
    return "|" + " ".repeat(from) + String.valueOf(barGlyph).repeat(length) + " ".repeat(BAR_WIDTH - from - length)
        + "|";
  }

  /** Microseconds as milliseconds (or seconds from 10 s). */
  static String duration(long micros) {
    if (micros >= 10_000_000) return String.format(Locale.ROOT, "%.1f s", micros / 1e6);
    return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
  }
}
