package dev.meshtrace;

/** Makes a context current until closed; closing restores the context that was current before. */
public interface Scope extends AutoCloseable {
  /** A scope that changed nothing. */
  Scope NOOP = () -> {};

  /** Restores the previous context. Does not throw. */
  @Override
  void close();
}
