package dev.meshtrace.rpc;

/** An outbound call, as the client handler sees it: its metadata is the carrier injection writes. */
public abstract class RpcClientRequest extends RpcRequest {
  /**
   * Sets metadata entry {@code name} (lower case) to {@code value}, replacing any value the application set. The
   * value of a binary entry (a name ending in {@code -bin}) comes in its text form, base64, and is written decoded;
   * a value that cannot be written is left out, never thrown.
   */
  public abstract void header(String name, String value);
}
