package dev.meshtrace.reporting;

import java.io.IOException;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/** A sender that adds to another: everything but {@link #send} goes to the wrapped sender as is. */
abstract class ForwardingSender implements EnvelopedSender {
  final BytesMessageSender delegate;

  ForwardingSender(BytesMessageSender delegate) {
    this.delegate = delegate;
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
  public int requestSizeInBytes(List<byte[]> encodedSpans) {
    return delegate instanceof EnvelopedSender enveloped
        ? enveloped.requestSizeInBytes(encodedSpans)
        : delegate.messageSizeInBytes(encodedSpans);
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
