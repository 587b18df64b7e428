package dev.meshtrace.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Request IDs in the UUID form Envoy uses. */
public final class RequestIds {

  private RequestIds() {}

  /**
   * A random UUID (RFC 4122 variant bits) whose version position, the 15th character, is {@code versionChar}:
   * {@code 4} for a plain v4 UUID, or Envoy's trace-status markers.
   */
  public static String randomUuid(char versionChar) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong();
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    byte[] out = new byte[36];
    int pos = 0;
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) out[pos++] = '-';
      long half = i < 16 ? high : low;
      int shift = (15 - (i & 15)) * 4;
      out[pos++] = Hex.digit((int) (half >>> shift));
    }
    out[14] = (byte) versionChar;
    return Hex.ascii(out);
  }

  /** True for the 8-4-4-4-12 hex form, with any character in the version position (Envoy writes its decision there). */
  public static boolean isWellFormedUuid(String value) {
    if (value == null || value.length() != 36) return false;
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
      } else if (i != 14 && Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when a well-formed request ID carries one of Envoy's trace-status marks in its 15th character ({@code 9}
   * sampled, {@code a} forced, {@code b} forced by the client), which make sidecars trace the request.
   */
  public static boolean forcesTrace(String requestId) {
    char status = requestId.charAt(14);
    return status == '9' || status == 'a' || status == 'b';
  }

  /** {@code requestId} with its 15th character reset to {@code 4}: no trace status, a plain v4 UUID. */
  public static String withoutTraceStatus(String requestId) {
    char[] chars = requestId.toCharArray();
    chars[14] = '4';
    return new String(chars);
  }
}
