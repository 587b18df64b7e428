package dev.meshtrace.propagation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Header fields as an HTTP message holds them: ordered, names case-insensitive, a name may repeat. Records every
 * {@link #SETTER} call so tests can prove that each header is written once, with a lower-case name.
 */
public final class HeaderFields {
  /** First value of a name; all values joined with {@code ","} for list-valued headers. */
  public static final HeaderGetter<HeaderFields> GETTER = new HeaderGetter<>() {
    @Override
    public String get(HeaderFields fields, String name) {
      for (String[] field : fields.fields) if (field[0].equalsIgnoreCase(name)) return field[1];
      return null;
    }

    @Override
    public String getAll(HeaderFields fields, String name) {
      List<String> values = fields.all(name);
      return values.isEmpty() ? null : String.join(",", values);
    }
  };

  /** {@link #GETTER} that also lists the fields, so that extraction walks them instead of looking up names. */
  public static final HeaderGetter<HeaderFields> LISTING_GETTER = new HeaderGetter<>() {
    @Override
    public String get(HeaderFields fields, String name) {
      return GETTER.get(fields, name);
    }

    @Override
    public String getAll(HeaderFields fields, String name) {
      return GETTER.getAll(fields, name);
    }

    @Override
    public boolean forEachHeader(HeaderFields fields, BiConsumer<String, String> action) {
      for (String[] field : fields.fields) action.accept(field[0], field[1]);
      return true;
    }
  };

  /** Replaces every field of the name (any case) with one field, as HTTP clients' {@code setHeader} do. */
  public static final HeaderSetter<HeaderFields> SETTER = (fields, name, value) -> {
    fields.setCalls.add(name);
    fields.fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    fields.fields.add(new String[] {name, value});
  };

  private final List<String[]> fields = new ArrayList<>();
  private final List<String> setCalls = new ArrayList<>();

  /** Fields from alternating names and values. */
  public static HeaderFields of(String... namesAndValues) {
    HeaderFields result = new HeaderFields();
    for (int i = 0; i < namesAndValues.length; i += 2) result.add(namesAndValues[i], namesAndValues[i + 1]);
    return result;
  }

  /** Appends a field, keeping any of the same name. */
  public HeaderFields add(String name, String value) {
    fields.add(new String[] {name, value});
    return this;
  }

  /** Every value of {@code name} (any case), in order. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) values.add(field[1]);
    return values;
  }

  /** The only value of {@code name}; fails when the name is repeated. */
  public String get(String name) {
    List<String> values = all(name);
    if (values.size() > 1) throw new AssertionError(name + " repeated: " + values);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The fields by lower-case name; fails when a name is repeated. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String[] field : fields) {
      String previous = map.put(field[0].toLowerCase(Locale.ROOT), field[1]);
      if (previous != null) throw new AssertionError(field[0] + " repeated in " + this);
    }
    return map;
  }

  /** The names passed to {@link #SETTER}, in call order. */
  public List<String> setCalls() {
    return setCalls;
  }

  public int size() {
    return fields.size();
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("{");
    for (String[] field : fields) {
      if (result.length() > 1) result.append(", ");
      result.append(field[0]).append(": ").append(field[1]);
    }
    return result.append('}').toString();
  }
}
