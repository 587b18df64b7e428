package dev.meshtrace.http.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request as {@link LoopbackHttpServer} read it off the wire: the method, the request target, and every header
 * line in order, names as sent and values as ISO-8859-1 strings re-decoded as UTF-8 by {@link #values}.
 */
public final class RecordedRequest {
  private final String method;
  private final String target;
  private final List<String[]> headers;

  RecordedRequest(String method, String target, List<String[]> headers) {
    this.method = method;
    this.target = target;
    this.headers = List.copyOf(headers);
  }

  public String method() {
    return method;
  }

  /** The request target as sent, such as {@code /books/7?format=json}. */
  public String target() {
    return target;
  }

  /** The target without its query. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** Every value of header {@code name} (any case), in the order the fields came, decoded as UTF-8. */
  public List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (String raw : rawValues(name)) {
      values.add(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
    return values;
  }

  /** Every value of header {@code name} (any case), in the order the fields came, one char per byte received. */
  public List<String> rawValues(String name) {
    List<String> values = new ArrayList<>();
    for (String[] header : headers) {
      if (header[0].equalsIgnoreCase(name)) values.add(header[1]);
    }
    return values;
  }

  /** The bytes of header {@code name}, one char each (ISO-8859-1), or null; fails when the field came twice. */
  public String singleRaw(String name) {
    return only(name, rawValues(name));
  }

  /** The first value of header {@code name}, or null. */
  public String first(String name) {
    List<String> values = values(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The value of header {@code name}, or null when absent; fails when the field came more than once. */
  public String single(String name) {
    return only(name, values(name));
  }

  private String only(String name, List<String> values) {
    if (values.size() > 1) {
      throw new AssertionError("header " + name + " came " + values.size() + " times: " + values + " in " + this);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder(method).append(' ').append(target);
    for (String[] header : headers) result.append("\n  ").append(header[0]).append(": ").append(header[1]);
    return result.toString();
  }
}
