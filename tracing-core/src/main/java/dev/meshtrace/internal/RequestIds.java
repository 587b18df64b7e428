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

  /**
   * True for the 8-4-4-4-12 form in ASCII hex digits of either case, with any character in the version position
   * (Envoy writes its decision there). Other scripts' digits and the full-width forms are not hex.
   */
  public static boolean isWellFormedUuid(String value) {
    if (value == null || value.length() != 36) return false;
    if (value.charAt(8) != '-' || value.charAt(13) != '-' || value.charAt(18) != '-' || value.charAt(23) != '-') {
      return false;
    }
    return Hex.isHex(value, 0, 8, true) && Hex.isHex(value, 9, 4, true) && Hex.isHex(value, 15, 3, true)
        && Hex.isHex(value, 19, 4, true) && Hex.isHex(value, 24, 12, true);
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
