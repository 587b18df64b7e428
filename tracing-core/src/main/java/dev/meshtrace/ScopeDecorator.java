package dev.meshtrace;

/**
 * Runs alongside every scope change, for example to copy IDs into a logging MDC. Must restore what it changed when
 * the returned scope closes.
 */
@FunctionalInterface
public interface ScopeDecorator {
  /** Called after {@code context} (null when cleared) became current; returns the scope to close instead. */
  Scope decorateScope(TraceContext context, Scope scope);
}
