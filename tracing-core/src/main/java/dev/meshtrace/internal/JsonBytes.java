package dev.meshtrace.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Base of meshtrace's JSON span writers: the same code sizes and writes. Without a buffer it only counts, so the
 * size is exact by construction; {@link #allocate} then sets a buffer of that size and rewinds for the writing pass.
 * Or, in one pass, {@link #writeInto} a reused buffer that grows as needed, and take {@link #copyOfWritten}.
 */
public abstract class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** ASCII characters a JSON string holds as they are: printable, neither quote nor backslash. */
  private static final boolean[] PLAIN = new boolean[0x80];

  static {
    for (char c = 0x20; c < 0x7f; c++) PLAIN[c] = c != '"' && c != '\\';
  }

  private byte[] out;
  private int pos;

  protected JsonBytes() {}

  /** Bytes counted or written so far. */
  protected final int position() {
    return pos;
  }

  /** Ends the counting pass: a buffer of the counted size, written from the start. */
  protected final void allocate() {
    out = new byte[pos];
    pos = 0;
  }

  /**
   * Starts a single writing pass into {@code buffer}, from its start. The buffer is replaced by a larger copy when
   * it runs out: {@link #bytes} is the one written last, to keep for the next pass.
   */
  protected final void writeInto(byte[] buffer) {
    out = buffer;
    pos = 0;
  }

  /** The buffer written: after {@link #allocate}, exactly the bytes; after {@link #writeInto}, at least them. */
  protected final byte[] bytes() {
    return out;
  }

  /** A copy of the bytes written so far. */
  protected final byte[] copyOfWritten() {
    return Arrays.copyOf(out, pos);
  }

  /** Makes room for {@code count} more bytes at the position. */
  private void ensure(int count) {
    if (pos + count > out.length) out = Arrays.copyOf(out, Math.max(out.length << 1, pos + count));
  }

  /** A JSON string: quoted, escaped, UTF-8 ({@link Utf8}). */
  protected final void string(String value) {
    writeByte('"');
    int length = value.length();
    int plainFrom = 0;
    for (int i = 0; i < length; ) {
      char c = value.charAt(i);
      if (c < 0x80 && PLAIN[c]) {
        i++;
        continue;
      }
      plain(value, plainFrom, i);
      if (c < 0x80) {
        asciiChar(c);
        i++;
      } else if (c == '\u2028' || c == '\u2029') {
        unicodeEscape(c); // valid JSON either way, but breaks JavaScript string literals
        i++;
      } else {
        int size = Utf8.sizeAt(value, i);
        if (out != null) {
          ensure(size);
          Utf8.write(value, i, size, out, pos);
        }
        pos += size;
        i += Utf8.charCount(size);
      }
      plainFrom = i;
    }
    plain(value, plainFrom, length);
    writeByte('"');
  }

  /** Characters {@code from} to {@code to} of {@code value}, all {@link #PLAIN}: one byte each, as they are. */
  @SuppressWarnings("deprecation") // the range is ASCII, where dropping each char's high byte is exact
  private void plain(String value, int from, int to) {
    if (out != null) {
      ensure(to - from);
      value.getBytes(from, to, out, pos);
    }
    pos += to - from;
  }

  private void asciiChar(char c) {
    switch (c) {
      case '"': ascii("\\\""); return;
      case '\\': ascii("\\\\"); return;
      case '\n': ascii("\\n"); return;
      case '\r': ascii("\\r"); return;
      case '\t': ascii("\\t"); return;
      case '\b': ascii("\\b"); return;
      case '\f': ascii("\\f"); return;
      default:
        if (c < 0x20) {
          unicodeEscape(c);
        } else {
          writeByte(c);
        }
    }
  }

  private void unicodeEscape(char c) {
    ascii("\\u");
    writeByte(HEX[(c >> 12) & 0xf]);
    writeByte(HEX[(c >> 8) & 0xf]);
    writeByte(HEX[(c >> 4) & 0xf]);
    writeByte(HEX[c & 0xf]);
  }

  /** Writes characters known to be ASCII and to need no escaping. */
  @SuppressWarnings("deprecation") // ASCII: dropping each char's high byte is exact
  protected final void ascii(String value) {
    int length = value.length();
    if (out != null) {
      ensure(length);
      value.getBytes(0, length, out, pos);
    }
    pos += length;
  }

  /** 16 lower-case hex digits. */
  protected final void hex(long value) {
    if (out != null) {
      ensure(16);
      for (int i = pos + 15; i >= pos; i--) {
        out[i] = HEX[(int) (value & 0xf)];
        value >>>= 4;
      }
    }
    pos += 16;
  }

  /** A non-negative long in decimal. */
  protected final void decimal(long value) {
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) digits++;
    if (out != null) {
      ensure(digits);
      for (int i = pos + digits - 1; i >= pos; i--) {
        out[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
    }
    pos += digits;
  }

  /** Copies {@code bytes}, known to be valid JSON in this place, as they are. */
  protected final void raw(byte[] bytes) {
    if (out != null) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, out, pos, bytes.length);
    }
    pos += bytes.length;
  }

  protected final void writeByte(int b) {
    if (out != null) {
      ensure(1);
      out[pos] = (byte) b;
    }
    pos++;
  }
}
