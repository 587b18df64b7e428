package dev.meshtrace.diagnostics;

import java.util.Map;

/**
 * A component that describes itself in {@link Diagnostics#configuration()}: span handlers such as reporters
 * implement it to show their endpoint and health. Values are plain (strings, numbers, booleans, lists and maps of
 * them), and secrets are masked with {@link Secrets}.
 */
public interface Describable {
  /** What this component is and how it is doing, secrets masked. */
  Map<String, Object> describe();
}
