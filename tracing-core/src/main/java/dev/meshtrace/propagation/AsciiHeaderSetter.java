package dev.meshtrace.propagation;

/**
 * A {@link HeaderSetter} for carriers that keep header values as bytes, such as Kafka's record headers. The trace
 * headers meshtrace encodes itself ({@code b3}, {@code traceparent}) are handed over as the US-ASCII bytes they are
 * built in, sparing the carrier a string and its encoding back to bytes; other values still arrive as strings.
 */
public interface AsciiHeaderSetter<C> extends HeaderSetter<C> {
  /**
   * Sets header {@code name} (lower case) to {@code value}, US-ASCII bytes made for this call alone: the carrier may
   * keep the array. Replaces any value already there, as {@link #set} does.
   */
  void setAscii(C carrier, String name, byte[] value);
}
