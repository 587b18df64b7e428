package dev.meshtrace.otlp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of meshtrace, as the build wrote it into {@code meshtrace-otlp.properties}. */
final class MeshtraceVersion {
  static final String VALUE = read();

  private MeshtraceVersion() {}

  private static String read() {
    try (InputStream in = MeshtraceVersion.class.getResourceAsStream("/dev/meshtrace/otlp/meshtrace-otlp.properties")) {
      if (in == null) throw new IllegalStateException("meshtrace-otlp.properties is missing from tracing-otlp's jar");
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
