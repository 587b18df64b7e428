package dev.meshtrace.otlp.internal;

import java.io.Closeable;

/** Sends one encoded {@code ExportTraceServiceRequest} once and says how it went; never retries itself. */
interface Transport extends Closeable {
  /** Never throws for a failed exchange: connection and timeout errors come back as retryable failures. */
  ExportResult export(byte[] request);

  @Override
  void close();
}
