package dev.meshtrace.propagation;

import dev.meshtrace.internal.HeaderValues;
import java.util.Map;
import java.util.function.BiConsumer;

/** Getter and setter for headers held in a {@code Map<String, String>}, such as message properties. */
public final class MapCarrier {
  /**
   * Reads a map; an exact key match is tried first, then a scan ignoring the case of ASCII letters (as HTTP compares names). Extraction walks the entries
   * once rather than looking up each name: of keys differing only in case, it takes the first in the map's
   * iteration order (and joins them for a list-valued header).
   */
  public static final HeaderGetter<Map<String, String>> GETTER = new HeaderGetter<>() {
    @Override
    public String get(Map<String, String> map, String name) {
      String value = map.get(name);
      if (value != null) return value;
      for (Map.Entry<String, String> entry : map.entrySet()) {
        if (entry.getKey() != null && HeaderValues.equalsIgnoreAsciiCase(entry.getKey(), name)) return entry.getValue();
      }
      return null;
    }

    @Override
    public boolean forEachHeader(Map<String, String> map, BiConsumer<String, String> action) {
      map.forEach(action);
      return true;
    }
  };

  /** Writes a map, removing keys that differ from {@code name} only by the case of ASCII letters first. */
  public static final HeaderSetter<Map<String, String>> SETTER = (map, name, value) -> {
    if (!map.isEmpty()) map.keySet().removeIf(key -> key != null && !key.equals(name) && HeaderValues.equalsIgnoreAsciiCase(key, name));
    map.put(name, value);
  };

  private MapCarrier() {}
}
