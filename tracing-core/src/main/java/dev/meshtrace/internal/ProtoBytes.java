package dev.meshtrace.internal;

/**
 * Base of meshtrace's protobuf span writers: the wire primitives over a buffer the subclass sizes exactly (sizes
 * first, then {@link #allocate} and write).
 */
public abstract class ProtoBytes {
  protected static final int VARINT = 0;
  protected static final int FIXED64 = 1;
  protected static final int LENGTH_DELIMITED = 2;

  private byte[] out;
  private int pos;

  protected ProtoBytes() {}

  /** A buffer of {@code size} bytes, written from the start. */
  protected final void allocate(int size) {
    out = new byte[size];
    pos = 0;
  }

  /** The buffer written after {@link #allocate}. */
  protected final byte[] bytes() {
    return out;
  }

  /** Bytes of a varint of {@code value} (negative values take 10). */
  public static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7fL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** Bytes of a field (numbered below 16) holding {@code length} bytes: key, length, content. */
  public static int delimitedSize(int length) {
    return 1 + varintSize(length) + length;
  }

  /** Bytes of a string field numbered below 16. */
  public static int stringFieldSize(String value) {
    return delimitedSize(Utf8.length(value));
  }

  protected final void stringField(int field, String value) {
    stringField(field, value, Utf8.length(value));
  }

  /** A string field whose UTF-8 length ({@link Utf8#length}) is known already. */
  protected final void stringField(int field, String value, int utf8Length) {
    key(field, LENGTH_DELIMITED);
    varint(utf8Length);
    pos = Utf8.write(value, out, pos);
  }

  /**
   * A string field of ASCII text ({@link Utf8#isAscii}, which the caller checked), copied by the string's own bulk
   * copy of its low bytes.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies low bytes: exact for ASCII
  protected final void asciiField(int field, String ascii) {
    int length = ascii.length();
    key(field, LENGTH_DELIMITED);
    varint(length);
    ascii.getBytes(0, length, out, pos);
    pos += length;
  }

  /** The key of a field numbered below 16. */
  protected final void key(int field, int wireType) {
    out[pos++] = (byte) ((field << 3) | wireType);
  }

  protected final void varint(long value) {
    while ((value & ~0x7fL) != 0) {
      out[pos++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
  }

  protected final void fixedBigEndian(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) out[pos++] = (byte) (value >>> shift);
  }

  protected final void fixedLittleEndian(long value) {
    for (int shift = 0; shift <= 56; shift += 8) out[pos++] = (byte) (value >>> shift);
  }

  /** Copies {@code bytes} as they are. */
  protected final void raw(byte[] bytes) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    pos += bytes.length;
  }
}
