package dev.meshtrace.rpc;

/** An inbound call, as the server handler sees it: its metadata is the carrier extraction reads. */
public abstract class RpcServerRequest extends RpcRequest {
  /**
   * The first value of metadata entry {@code name} (case-insensitive), or null. A binary entry (a name ending in
   * {@code -bin}) is returned in its text form, base64, so that it can be forwarded exactly.
   */
  public abstract String header(String name);

  /**
   * Every value of entry {@code name} joined with {@code ","}, or null. Override where the metadata can hold an
   * entry more than once; the default returns the first value.
   */
  public String headerValues(String name) {
    return header(name);
  }

  /** The caller's IP address, or null. */
  public String remoteIp() {
    return null;
  }

  /** The caller's port, or 0. */
  public int remotePort() {
    return 0;
  }
}
