package dev.meshtrace.propagation;

/** Reads request headers from a carrier of type {@code C}. Names are matched case-insensitively. */
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
}
