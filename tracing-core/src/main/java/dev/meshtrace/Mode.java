package dev.meshtrace;

/** What the application does with the traces that pass through it. */
public enum Mode {
  /** The application records and reports its own spans, and every outbound request carries their IDs. */
  RECORD,
  /**
   * A pure propagator: no spans and no new IDs; every inbound trace and mesh header is forwarded byte for byte
   * (after malformed or hostile values are dropped). Suits teams that let Envoy record everything.
   */
  FORWARD
}
