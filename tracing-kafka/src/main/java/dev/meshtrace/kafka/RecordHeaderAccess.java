package dev.meshtrace.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka's record headers as text, for both request types. Kafka matches header names exactly and lets a name
 * repeat; the mesh headers are matched ignoring case, the last one counting (Kafka's {@code lastHeader}), list-valued
 * ones such as {@code baggage} too (Kafka has no rule for joining repeated headers), and a header written replaces
 * every one of its name in any case. Values are UTF-8; a header without a value is absent.
 */
final class RecordHeaderAccess {
  private RecordHeaderAccess() {}

  static String last(Headers headers, String name) {
    byte[] value = null;
    for (Header header : headers) {
      if (header.key().equalsIgnoreCase(name) && header.value() != null) value = header.value();
    }
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Passes each name once, in order, with its last value (a later header of the same name wins, as in lookups). */
  static boolean forEach(Headers headers, BiConsumer<String, String> action) {
    Header[] all = headers.toArray();
    for (int i = 0; i < all.length; i++) {
      Header header = all[i];
      if (header.value() != null && !repeatsLater(all, i)) {
        action.accept(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return true;
  }

  private static boolean repeatsLater(Header[] all, int index) {
    String name = all[index].key();
    for (int i = index + 1; i < all.length; i++) {
      if (all[i].value() != null && all[i].key().equalsIgnoreCase(name)) return true;
    }
    return false;
  }

  static void set(Headers headers, String name, byte[] value) {
    remove(headers, name);
    headers.add(name, value);
  }

  /** Removes every header named {@code name} in any case; the common case, none there, allocates nothing. */
  static void remove(Headers headers, String name) {
    List<String> keys = null;
    for (Header header : headers) {
      String key = header.key();
      if (key.equalsIgnoreCase(name)) {
        if (keys == null) keys = new ArrayList<>(1);
        if (!keys.contains(key)) keys.add(key);
      }
    }
    if (keys != null) for (String key : keys) headers.remove(key);
  }
}
