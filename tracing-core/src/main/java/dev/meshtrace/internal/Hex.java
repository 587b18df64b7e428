package dev.meshtrace.internal;

/** Lower-case hex encoding and strict/tolerant decoding of 64-bit IDs, allocation-free on the parse path. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /**
   * Parses {@code length} hex characters of {@code s} starting at {@code from}, or returns 0 when any character is
   * not hex. Upper case is accepted only when {@code allowUpper} is set. Callers treat 0 as invalid: IDs are
   * never zero.
   */
  public static long parse(CharSequence s, int from, int length, boolean allowUpper) {
    long result = 0;
    for (int i = from, end = from + length; i < end; i++) {
      int digit = digit(s.charAt(i), allowUpper);
      if (digit < 0) return 0;
      result = (result << 4) | digit;
    }
    return result;
  }

  /** True when all {@code length} characters from {@code from} are hex digits (lower case unless allowed). */
  public static boolean isHex(CharSequence s, int from, int length, boolean allowUpper) {
    for (int i = from, end = from + length; i < end; i++) {
      if (digit(s.charAt(i), allowUpper) < 0) return false;
    }
    return true;
  }

  private static int digit(char c, boolean allowUpper) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (allowUpper && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Writes {@code value} as 16 lower-case hex characters into {@code out} at {@code pos}. */
  public static void write(long value, char[] out, int pos) {
    for (int i = pos + 15; i >= pos; i--) {
      out[i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /** {@code value} as 16 lower-case hex characters. */
  public static String toHex(long value) {
    char[] out = new char[16];
    write(value, out, 0);
    return new String(out);
  }

  /** A trace ID as 32 characters, or 16 when it is 64-bit and was not received as 32. */
  public static String traceIdToHex(long high, long low, boolean wide) {
    if (high == 0 && !wide) return toHex(low);
    char[] out = new char[32];
    write(high, out, 0);
    write(low, out, 16);
    return new String(out);
  }
}
