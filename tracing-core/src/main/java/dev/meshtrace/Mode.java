package dev.meshtrace;

import java.util.Locale;

/** What the application does with the traces that pass through it. */
public enum Mode {
  /** The application records and reports its own spans, and every outbound request carries their IDs. */
  RECORD,
  /**
   * A pure propagator: no spans and no new IDs; every inbound trace and mesh header is forwarded byte for byte
   * (after malformed or hostile values are dropped), and each configured inject format that did not arrive is
   * added with the same IDs and decision. Suits teams that let Envoy record everything.
   */
  FORWARD;

  /**
   * Parses a configuration name, ignoring case: {@code record}, or {@code forward} (also {@code forward-only} and
   * {@code forward_only}).
   *
   * @throws IllegalArgumentException naming the value and listing the valid ones
   */
  public static Mode fromConfigName(String name) {
    String canonical = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (canonical) {
      case "record":
        return RECORD;
      case "forward":
      case "forward-only":
        return FORWARD;
      default:
        throw new IllegalArgumentException(
            "Unknown mode '" + name + "': expected record or forward (also accepted: forward-only)");
    }
  }
}
