package dev.meshtrace.zipkin;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/** Counts what the wrapped sender delivers, and skips empty messages (the reporter sends one when it closes). */
final class CountingSender implements BytesMessageSender {
  private final BytesMessageSender delegate;
  private final ReportingMetrics metrics;

  CountingSender(BytesMessageSender delegate, ReportingMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public Encoding encoding() {
    return delegate.encoding();
  }

  @Override
  public int messageMaxBytes() {
    return delegate.messageMaxBytes();
  }

  @Override
  public int messageSizeInBytes(List<byte[]> encodedSpans) {
    return delegate.messageSizeInBytes(encodedSpans);
  }

  @Override
  public int messageSizeInBytes(int encodedSizeInBytes) {
    return delegate.messageSizeInBytes(encodedSizeInBytes);
  }

  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    if (encodedSpans.isEmpty()) return;
    delegate.send(encodedSpans);
    metrics.messageSent(encodedSpans.size(), delegate.messageSizeInBytes(encodedSpans));
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
