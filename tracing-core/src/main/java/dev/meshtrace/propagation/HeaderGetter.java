package dev.meshtrace.propagation;

import java.util.function.BiConsumer;

/**
 * Reads request headers from a carrier of type {@code C}. Names are matched as HTTP matches them, ignoring the case
 * of ASCII letters only.
 */
@FunctionalInterface
public interface HeaderGetter<C> {
  /** The first value of header {@code name}, or null when absent. */
  String get(C carrier, String name);

  /**
   * Every value of header {@code name}, joined with {@code ","} in order, or null when absent. Used for the
   * list-valued headers ({@code tracestate}, {@code baggage}); carriers that can hold repeated fields override it.
   */
  default String getAll(C carrier, String name) {
    return get(carrier, name);
  }

  /**
   * Passes every header field of the carrier to {@code action} (the name in any case, then the value), in order,
   * and returns true; or returns false when the carrier cannot list its fields, the default. After false,
   * extraction looks up each name it did not get.
   *
   * <p>Extraction reads the trace headers and every header it forwards: a dozen or more names, most of them
   * absent. A carrier that can walk its fields cheaply (a map, a list of fields) should override this, so that
   * extraction looks at the fields present once instead of looking up each name.
   */
  default boolean forEachHeader(C carrier, BiConsumer<String, String> action) {
    return false;
  }
}
