package dev.meshtrace.benchmarks;

import dev.meshtrace.propagation.HeaderGetter;
import dev.meshtrace.propagation.HeaderSetter;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The header carrier every library reads and writes the same way: a map whose lookups ignore case, as HTTP header
 * lookups do, holding the lower-case names a request arrives with, accessed with plain {@code get} and
 * {@code put}. Brave and OpenTelemetry ask for mixed-case names ({@code X-B3-TraceId}) and meshtrace for lower-case
 * ones, so a case-sensitive map would favour one side; here each header read or written costs every library the
 * same.
 */
final class Carriers {
  /** Looks up names with {@code get}, and lists the entries with {@code forEach} for extraction to walk once. */
  static final HeaderGetter<Map<String, String>> MESHTRACE_GETTER = new HeaderGetter<>() {
    @Override
    public String get(Map<String, String> map, String name) {
      return map.get(name);
    }

    @Override
    public boolean forEachHeader(Map<String, String> map, BiConsumer<String, String> action) {
      map.forEach(action);
      return true;
    }
  };
  /** Looks up names only, as Brave's and OpenTelemetry's getters do. */
  static final HeaderGetter<Map<String, String>> MESHTRACE_NAME_GETTER = Map::get;
  static final HeaderSetter<Map<String, String>> MESHTRACE_SETTER = Map::put;
  static final brave.propagation.Propagation.Getter<Map<String, String>, String> BRAVE_GETTER = Map::get;
  static final brave.propagation.Propagation.Setter<Map<String, String>, String> BRAVE_SETTER = Map::put;
  static final TextMapSetter<Map<String, String>> OTEL_SETTER = (map, name, value) -> {
    if (map != null) map.put(name, value);
  };
  static final TextMapGetter<Map<String, String>> OTEL_GETTER = new TextMapGetter<>() {
    @Override
    @SuppressWarnings("deprecation") // still abstract in 1.68: every getter must implement it
    public Iterable<String> keys(Map<String, String> map) {
      return map.keySet();
    }

    @Override
    public String get(Map<String, String> map, String name) {
      return map == null ? null : map.get(name);
    }
  };

  private Carriers() {}

  /** An empty carrier. */
  static Map<String, String> headers() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }
}
