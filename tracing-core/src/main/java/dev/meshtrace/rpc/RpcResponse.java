package dev.meshtrace.rpc;

/** What the RPC handlers read when a call ends: a status, an error, or both. */
public abstract class RpcResponse {
  /** The call this ends. */
  public abstract RpcRequest request();

  /** The status by name, such as {@code OK} or {@code UNAVAILABLE}; null when the call ended without one. */
  public abstract String statusName();

  /** The status as the RPC system numbers it (gRPC: {@code 0} to {@code 16}), tagged as is; null when unknown. */
  public abstract String statusCode();

  /** The error that ended the call, or null. */
  public Throwable error() {
    return null;
  }

  /** The peer's IP address, when known only once the call ran (the client's view); else null. */
  public String remoteIp() {
    return null;
  }

  /** The peer's port, or 0. */
  public int remotePort() {
    return 0;
  }

  /** The framework's own status or call object, or null. */
  public abstract Object unwrap();
}
