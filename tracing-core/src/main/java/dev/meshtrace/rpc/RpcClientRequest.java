package dev.meshtrace.rpc;

/** An outbound call, as the client handler sees it: its metadata is the carrier injection writes. */
public abstract class RpcClientRequest extends RpcRequest {
  /**
   * Sets metadata entry {@code name} (lower case) to {@code value}, replacing any value the application set. The
   * value of a binary entry (a name ending in {@code -bin}) comes in its text form, base64, and is written decoded;
   * a value that cannot be written is left out, never thrown.
   */
  public abstract void header(String name, String value);

  /**
   * Removes every entry named {@code name}. The client handler calls it for the trace headers meshtrace owns before
   * it writes its own, so that one the application set cannot contradict them. The default does nothing.
   */
  public void removeHeader(String name) {}

  /**
   * Where the call goes, the channel's authority ({@code host:port}), or null when unknown (the default). Read only
   * for diagnostics, when a call is sent with no trace context.
   */
  public String host() {
    return null;
  }
}
