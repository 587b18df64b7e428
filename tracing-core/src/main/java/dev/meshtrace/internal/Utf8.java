package dev.meshtrace.internal;

/**
 * UTF-8 as meshtrace's span encoders write it, without an intermediate byte array. An unpaired surrogate becomes
 * {@code '?'}, as Java's own encoder ({@link String#getBytes}) writes it.
 */
public final class Utf8 {
  private Utf8() {}

  /** The bytes of the character at {@code i}: 1 to 3, or 4 for a surrogate pair (which covers {@code i + 1} too). */
  public static int sizeAt(String value, int i) {
    char c = value.charAt(i);
    if (c < 0x80) return 1;
    if (c < 0x800) return 2;
    if (!Character.isSurrogate(c)) return 3;
    return Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
        ? 4 : 1;
  }

  /** How many chars a character of {@code size} bytes takes. */
  public static int charCount(int size) {
    return size == 4 ? 2 : 1;
  }

  /** Whether every char of {@code value} is ASCII. */
  public static boolean isAscii(String value) {
    for (int i = 0, length = value.length(); i < length; i++) {
      if (value.charAt(i) >= 0x80) return false;
    }
    return true;
  }

  public static int length(String value) {
    int length = value.length();
    int ascii = 0;
    while (ascii < length && value.charAt(ascii) < 0x80) ascii++; // the common case, one byte each
    int result = ascii;
    for (int i = ascii; i < length; ) {
      int size = sizeAt(value, i);
      result += size;
      i += charCount(size);
    }
    return result;
  }

  /** Writes all of {@code value} at {@code pos}; returns the position after it. */
  public static int write(String value, byte[] out, int pos) {
    int length = value.length();
    int i = 0;
    for (char c; i < length && (c = value.charAt(i)) < 0x80; i++) out[pos++] = (byte) c;
    while (i < length) {
      int size = sizeAt(value, i);
      write(value, i, size, out, pos);
      pos += size;
      i += charCount(size);
    }
    return pos;
  }

  /** Writes the character at {@code i}, of {@code size} bytes as {@link #sizeAt} says, at {@code pos}. */
  public static void write(String value, int i, int size, byte[] out, int pos) {
    char c = value.charAt(i);
    switch (size) {
      case 1:
        out[pos] = (byte) (c < 0x80 ? c : '?');
        return;
      case 2:
        out[pos] = (byte) (0xc0 | (c >> 6));
        out[pos + 1] = (byte) (0x80 | (c & 0x3f));
        return;
      case 3:
        out[pos] = (byte) (0xe0 | (c >> 12));
        out[pos + 1] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[pos + 2] = (byte) (0x80 | (c & 0x3f));
        return;
      default:
        int codePoint = Character.toCodePoint(c, value.charAt(i + 1));
        out[pos] = (byte) (0xf0 | (codePoint >> 18));
        out[pos + 1] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
        out[pos + 2] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
        out[pos + 3] = (byte) (0x80 | (codePoint & 0x3f));
    }
  }
}
