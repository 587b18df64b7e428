package dev.meshtrace.reporting;

/**
 * What a handler knows about its backend's failures, added to the first drop warning of a burst: for example that
 * a 404 means the endpoint is the wrong URL, and which one is right.
 */
@FunctionalInterface
public interface FailureHint {
  /** No hint. */
  FailureHint NONE = failure -> "";

  /** A sentence (with a leading space) about {@code failure}, or an empty string; never throws. */
  String forFailure(Throwable failure);
}
