package dev.meshtrace.jdk.httpclient;

import java.net.http.HttpRequest;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The headers of a request with fields set or removed: the request's own fields that no edit names (names compared
 * ignoring case, as the JDK does), then the fields set, each under the name last written. Only the edits are held;
 * the request's fields are read when the map is walked, so the new headers cost one copy, the one
 * {@link java.net.http.HttpHeaders#of} makes with {@link #forEach}. It is that method's argument and nothing else's:
 * lookups through the map view are case-sensitive and walk it (use {@link #hasField}), and it cannot be changed.
 */
final class HeaderEdits extends AbstractMap<String, List<String>> {
  private static final int INITIAL_EDITS = 12;

  private final Map<String, List<String>> original;
  /** Names at even indexes, values at odd ones; a null value removes the field. */
  private String[] edits = new String[INITIAL_EDITS << 1];
  private int size;

  HeaderEdits(Map<String, List<String>> original) {
    this.original = original;
  }

  /** Sets field {@code name} to {@code value} alone. */
  void setField(String name, String value) {
    edit(name, value);
  }

  /** Removes field {@code name}. */
  void removeField(String name) {
    edit(name, null);
  }

  private void edit(String name, String value) {
    int at = indexOf(name);
    if (at < 0) {
      if (size == edits.length) edits = Arrays.copyOf(edits, size << 1);
      at = size;
      size += 2;
    }
    edits[at] = name;
    edits[at + 1] = value;
  }

  /** True when field {@code name} is there, whatever its case. */
  boolean hasField(String name) {
    int at = indexOf(name);
    return at >= 0 ? edits[at + 1] != null : original.containsKey(name); // the JDK's map ignores case
  }

  private int indexOf(String name) {
    for (int i = 0; i < size; i += 2) {
      if (edits[i].equalsIgnoreCase(name)) return i;
    }
    return -1;
  }

  /** A copy of {@code request} with these edits, through the JDK's builder: for a JDK a view cannot stand in for. */
  HttpRequest rebuild(HttpRequest request) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> indexOf(name) < 0);
    for (int i = 0; i < size; i += 2) {
      if (edits[i + 1] != null) copy.setHeader(edits[i], edits[i + 1]);
    }
    return copy.build();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    original.forEach((name, values) -> {
      if (indexOf(name) < 0) action.accept(name, values);
    });
    for (int i = 0; i < size; i += 2) {
      if (edits[i + 1] != null) action.accept(edits[i], List.of(edits[i + 1]));
    }
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    forEach(fields::put);
    return fields.entrySet();
  }
}
