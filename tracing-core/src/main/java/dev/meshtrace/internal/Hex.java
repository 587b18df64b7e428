package dev.meshtrace.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Lower-case hex encoding and strict/tolerant decoding of 64-bit IDs, allocation-free on the parse path. */
public final class Hex {
  private static final byte[] DIGITS = {
      '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  /** Each ASCII character's value as a lower-case hex digit, or -1. */
  private static final byte[] LOWER_CASE_VALUES = digitValues(false);
  /** Each ASCII character's value as a hex digit of either case, or -1. */
  private static final byte[] ANY_CASE_VALUES = digitValues(true);

  private Hex() {}

  /**
   * Parses {@code length} hex characters of {@code s} starting at {@code from}, or returns 0 when any character is
   * not hex. Upper case is accepted only when {@code allowUpper} is set. Callers treat 0 as invalid: IDs are
   * never zero.
   */
  public static long parse(CharSequence s, int from, int length, boolean allowUpper) {
    byte[] values = allowUpper ? ANY_CASE_VALUES : LOWER_CASE_VALUES;
    long result = 0;
    int invalid = 0;
    for (int i = from, end = from + length; i < end; i++) {
      int value = valueOf(s.charAt(i), values);
      invalid |= value; // negative once any character is not hex
      result = (result << 4) | (value & 0xf);
    }
    return invalid < 0 ? 0 : result;
  }

  /** True when all {@code length} characters from {@code from} are hex digits (lower case unless allowed). */
  public static boolean isHex(CharSequence s, int from, int length, boolean allowUpper) {
    byte[] values = allowUpper ? ANY_CASE_VALUES : LOWER_CASE_VALUES;
    int invalid = 0;
    for (int i = from, end = from + length; i < end; i++) invalid |= valueOf(s.charAt(i), values);
    return invalid >= 0;
  }

  /**
   * The digit's value, or -1: a table lookup, where range tests would branch on whether each character is a digit
   * or a letter, which random IDs leave to chance.
   */
  private static int valueOf(char c, byte[] values) {
    return c < values.length ? values[c] : -1;
  }

  private static byte[] digitValues(boolean allowUpper) {
    byte[] values = new byte[128];
    Arrays.fill(values, (byte) -1);
    for (int i = 0; i < DIGITS.length; i++) {
      values[DIGITS[i]] = (byte) i;
      if (allowUpper) values[Character.toUpperCase(DIGITS[i])] = (byte) i;
    }
    return values;
  }

  /** Writes {@code value} as 16 lower-case hex characters (ASCII bytes) into {@code out} at {@code pos}. */
  public static void write(long value, byte[] out, int pos) {
    for (int i = pos + 15; i >= pos; i--) {
      out[i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /** The hex digit of {@code value}'s lowest four bits, as an ASCII byte. */
  public static byte digit(int value) {
    return DIGITS[value & 0xf];
  }

  /**
   * {@code ascii} as a string. Header values are built as bytes: the string copies them once, where building
   * them as {@code char}s would first allocate twice the bytes and then compress them.
   */
  public static String ascii(byte[] ascii) {
    return new String(ascii, StandardCharsets.ISO_8859_1);
  }

  /** {@code value} as 16 lower-case hex characters. */
  public static String toHex(long value) {
    byte[] out = new byte[16];
    write(value, out, 0);
    return ascii(out);
  }

  /** A trace ID as 32 characters, or 16 when it is 64-bit and was not received as 32. */
  public static String traceIdToHex(long high, long low, boolean wide) {
    if (high == 0 && !wide) return toHex(low);
    byte[] out = new byte[32];
    write(high, out, 0);
    write(low, out, 16);
    return ascii(out);
  }
}
