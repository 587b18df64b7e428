package dev.meshtrace.propagation;

/** Writes request headers to a carrier of type {@code C}. */
@FunctionalInterface
public interface HeaderSetter<C> {
  /** Sets header {@code name} (lower case) to {@code value}, replacing any value already there. */
  void set(C carrier, String name, String value);
}
