package dev.meshtrace.otlp.internal;

import dev.meshtrace.internal.ProtoBytes;
import dev.meshtrace.internal.Utf8;
import java.util.Arrays;

/**
 * A protobuf buffer written from its end towards its start, so that a message's content is written before its
 * length: each nested message costs one pass, with no sizes computed in advance. Fields therefore reach the wire in
 * the reverse of the order they are written (protobuf readers accept fields in any order). The buffer grows as
 * needed and is reused after {@link #reset}; it is confined to one thread.
 */
final class BackwardProtoBuffer {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;

  private byte[] buffer;
  private int pos;

  BackwardProtoBuffer(int capacity) {
    buffer = new byte[capacity];
    pos = capacity;
  }

  /** Empties the buffer, keeping its memory. */
  void reset() {
    pos = buffer.length;
  }

  int capacity() {
    return buffer.length;
  }

  /** Bytes written so far: a mark from which {@link #lengthDelimited} measures a message. */
  int written() {
    return buffer.length - pos;
  }

  /** What was written, in wire order. */
  byte[] toByteArray() {
    return Arrays.copyOfRange(buffer, pos, buffer.length);
  }

  /**
   * Closes a message whose content was written since {@code mark} ({@link #written}) as field {@code field} (below
   * 16): its length, then its key.
   */
  void lengthDelimited(int field, int mark) {
    varint(written() - mark);
    key(field, LENGTH_DELIMITED);
  }

  /** The key of a field numbered below 16: write it after the field's value. */
  void key(int field, int wireType) {
    ensure(1);
    buffer[--pos] = (byte) ((field << 3) | wireType);
  }

  void varint(long value) {
    if ((value & ~0x7fL) == 0) { // most lengths and codes: one byte
      ensure(1);
      buffer[--pos] = (byte) value;
      return;
    }
    int size = ProtoBytes.varintSize(value);
    ensure(size);
    pos -= size;
    int at = pos;
    while ((value & ~0x7fL) != 0) {
      buffer[at++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buffer[at] = (byte) value;
  }

  void fixedLittleEndian(long value) {
    ensure(8);
    pos -= 8;
    for (int i = 0; i < 8; i++) buffer[pos + i] = (byte) (value >>> (8 * i));
  }

  void fixedBigEndian(long value) {
    ensure(8);
    pos -= 8;
    for (int i = 0; i < 8; i++) buffer[pos + i] = (byte) (value >>> (56 - 8 * i));
  }

  /** A string field (numbered below 16) in UTF-8; ASCII text is copied in bulk. */
  void stringField(int field, String value) {
    int mark = written();
    if (Utf8.isAscii(value)) {
      ascii(value);
    } else {
      int length = Utf8.length(value);
      ensure(length);
      pos -= length;
      Utf8.write(value, buffer, pos);
    }
    lengthDelimited(field, mark);
  }

  /** A string field of text known to be ASCII. */
  void asciiField(int field, String ascii) {
    ascii(ascii);
    varint(ascii.length());
    key(field, LENGTH_DELIMITED);
  }

  /** Copies {@code bytes} as they are. */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    pos -= bytes.length;
    System.arraycopy(bytes, 0, buffer, pos, bytes.length);
  }

  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies low bytes: exact for ASCII
  private void ascii(String ascii) {
    int length = ascii.length();
    ensure(length);
    pos -= length;
    ascii.getBytes(0, length, buffer, pos);
  }

  private void ensure(int bytes) {
    if (pos < bytes) grow(bytes);
  }

  /** Moves what was written to the end of a larger buffer. */
  private void grow(int bytes) {
    int written = written();
    int capacity = Math.max(buffer.length * 2, written + bytes);
    byte[] larger = new byte[capacity];
    System.arraycopy(buffer, pos, larger, capacity - written, written);
    buffer = larger;
    pos = capacity - written;
  }
}
