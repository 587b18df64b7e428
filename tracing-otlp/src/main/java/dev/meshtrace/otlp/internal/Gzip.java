package dev.meshtrace.otlp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** gzip in memory. */
final class Gzip {
  private Gzip() {}

  static byte[] compress(byte[] bytes) {
    ByteArrayOutputStream result = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(result)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return result.toByteArray();
  }
}
