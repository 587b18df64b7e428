package dev.meshtrace.reliability;

import dev.meshtrace.propagation.HeaderGetter;
import dev.meshtrace.propagation.HeaderSetter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Header fields in arrival order, names in any case and repeated as they came, as a carrier for core. Its getters
 * count what core asks of them (calls, fields handed over, characters handed over), so the work an extraction does
 * can be compared with the size of its input without a clock; its setter records every field written.
 */
final class HeaderSet {
  final List<String[]> fields = new ArrayList<>();
  /** Names passed to the setter, in order, repeats included. */
  final List<String> setCalls = new ArrayList<>();
  long getterCalls;
  long charactersHandedOver;

  /** Looks each name up, as a carrier that cannot list its fields (the default of {@code forEachHeader}). */
  static final HeaderGetter<HeaderSet> LOOKUP = new Lookup();

  /** Walks the fields, as a carrier that can list them ({@link HeaderGetter#forEachHeader}). */
  static final HeaderGetter<HeaderSet> LISTING = new Lookup() {
    @Override
    public boolean forEachHeader(HeaderSet set, BiConsumer<String, String> action) {
      set.getterCalls++;
      for (String[] field : set.fields) {
        set.charactersHandedOver += field[1] == null ? 0 : field[1].length();
        action.accept(field[0], field[1]);
      }
      return true;
    }
  };

  private static class Lookup implements HeaderGetter<HeaderSet> {
    @Override
    public String get(HeaderSet set, String name) {
      return set.first(name);
    }

    @Override
    public String getAll(HeaderSet set, String name) {
      return set.all(name);
    }
  }

  static final HeaderSetter<HeaderSet> SETTER = (set, name, value) -> {
    set.setCalls.add(name);
    set.fields.removeIf(field -> equalsIgnoreAsciiCase(field[0], name));
    set.fields.add(new String[] {name, value});
  };

  HeaderSet add(String name, String value) {
    fields.add(new String[] {name, value});
    return this;
  }

  /** The first value of {@code name}, names compared as HTTP does (ASCII letters in any case), or null. */
  String first(String name) {
    getterCalls++;
    for (String[] field : fields) {
      if (equalsIgnoreAsciiCase(field[0], name)) return handOver(field[1]);
    }
    return null;
  }

  /** Every value of {@code name} joined with {@code ","}, or null. */
  String all(String name) {
    getterCalls++;
    StringBuilder joined = null;
    for (String[] field : fields) {
      if (!equalsIgnoreAsciiCase(field[0], name) || field[1] == null) continue;
      if (joined == null) {
        joined = new StringBuilder(field[1]);
      } else {
        joined.append(',').append(field[1]);
      }
    }
    return joined == null ? null : handOver(joined.toString());
  }

  private String handOver(String value) {
    if (value != null) charactersHandedOver += value.length();
    return value;
  }

  /** The fields written, by name (each written once when the setter is used as core should). */
  Map<String, String> written() {
    Map<String, String> result = new LinkedHashMap<>();
    for (String[] field : fields) result.put(field[0], field[1]);
    return result;
  }

  /** The number of characters in all names and values. */
  long size() {
    long size = 0;
    for (String[] field : fields) {
      size += (field[0] == null ? 0 : field[0].length()) + (field[1] == null ? 0 : field[1].length());
    }
    return size;
  }

  static boolean equalsIgnoreAsciiCase(String a, String b) {
    if (a == null || a.length() != b.length()) return false;
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
    }
    return true;
  }

  /** Shows the set safely: control and non-ASCII characters escaped, long values shortened. */
  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder().append(fields.size()).append(" fields:");
    for (String[] field : fields.subList(0, Math.min(fields.size(), 40))) {
      shown.append("\n  ").append(escape(field[0], 60)).append(": ").append(escape(field[1], 160));
    }
    return shown.toString();
  }

  static String escape(String text, int max) {
    if (text == null) return "null";
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      result.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    if (text.length() > max) result.append("...(").append(text.length()).append(" chars)");
    return result.toString();
  }
}
